namespace OrleansKube.Model.Core;

/// <summary>An Azure data disk's kind.</summary>
public enum AzureDataDiskKind
{
    Shared,
    Dedicated,
    Managed,
}
