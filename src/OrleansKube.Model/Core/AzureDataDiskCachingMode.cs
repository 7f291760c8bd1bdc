namespace OrleansKube.Model.Core;

/// <summary>An Azure data disk's host caching.</summary>
public enum AzureDataDiskCachingMode
{
    None,
    ReadOnly,
    ReadWrite,
}
