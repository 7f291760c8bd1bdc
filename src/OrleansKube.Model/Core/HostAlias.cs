namespace OrleansKube.Model.Core;

/// <summary>An entry a pod adds to its /etc/hosts.</summary>
public sealed record HostAlias
{
    public string Ip { get; set; } = "";

    public List<string>? Hostnames { get; set; }
}
