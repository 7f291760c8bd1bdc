namespace OrleansKube.Model.Core;

/// <summary>Windows-specific security options.</summary>
public sealed record WindowsSecurityContextOptions
{
    public string? GmsaCredentialSpecName { get; set; }

    public string? GmsaCredentialSpec { get; set; }

    public string? RunAsUserName { get; set; }

    public bool? HostProcess { get; set; }
}
