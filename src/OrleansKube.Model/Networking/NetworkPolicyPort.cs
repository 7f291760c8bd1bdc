namespace OrleansKube.Model.Networking;

/// <summary>A port (or range up to endPort) of a NetworkPolicy rule.</summary>
public sealed record NetworkPolicyPort
{
    public Protocol? Protocol { get; set; }

    public IntOrString? Port { get; set; }

    public int? EndPort { get; set; }
}
