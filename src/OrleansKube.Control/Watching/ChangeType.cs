namespace OrleansKube.Control.Watching;

/// <summary>What a committed change did to its object.</summary>
public enum ChangeType
{
    Added,
    Modified,
    Deleted,
}
