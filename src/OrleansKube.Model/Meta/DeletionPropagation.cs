namespace OrleansKube.Model.Meta;

/// <summary>What happens to an object's dependents when it is deleted (metav1.DeletionPropagation).</summary>
public enum DeletionPropagation
{
    /// <summary>The owner goes at once; the garbage collector then deletes the dependents (kubectl's default).</summary>
    Background,

    /// <summary>The owner stays, marked for deletion with the <c>foregroundDeletion</c> finalizer, until its blocking dependents are gone.</summary>
    Foreground,

    /// <summary>The dependents lose their reference to the owner and stay (the <c>orphan</c> finalizer).</summary>
    Orphan,
}
