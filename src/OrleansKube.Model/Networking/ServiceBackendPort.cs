namespace OrleansKube.Model.Networking;

/// <summary>A Service's port by name or by number, exactly one of them.</summary>
public sealed record ServiceBackendPort
{
    public string? Name { get; set; }

    public int? Number { get; set; }
}
