namespace OrleansKube.Model.Core;

/// <summary>A seccomp profile: <c>RuntimeDefault</c>, <c>Unconfined</c> or <c>Localhost</c> with its file.</summary>
public sealed record SeccompProfile
{
    public string? Type { get; set; }

    public string? LocalhostProfile { get; set; }
}
