namespace OrleansKube.Grains.Abstractions;

public enum ApplyMode
{
    /// <summary><c>okctl apply</c>: create what is missing, update what exists.</summary>
    Apply,

    /// <summary><c>okctl create</c>: every object must be new.</summary>
    Create,
}
