namespace OrleansKube.Model.Core;

/// <summary>An AppArmor profile: <c>RuntimeDefault</c>, <c>Unconfined</c> or <c>Localhost</c> with its name.</summary>
public sealed record AppArmorProfile
{
    public string? Type { get; set; }

    public string? LocalhostProfile { get; set; }
}
