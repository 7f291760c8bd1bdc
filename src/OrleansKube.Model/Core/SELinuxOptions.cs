namespace OrleansKube.Model.Core;

/// <summary>SELinux labels applied to a container.</summary>
public sealed record SELinuxOptions
{
    public string? User { get; set; }

    public string? Role { get; set; }

    public string? Type { get; set; }

    public string? Level { get; set; }
}
