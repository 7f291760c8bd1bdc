namespace OrleansKube.Model.Core;

/// <summary>How long a Service keeps a client on one endpoint when its sessionAffinity is ClientIP.</summary>
public sealed record SessionAffinityConfig
{
    public ClientIPConfig? ClientIP { get; set; }
}
