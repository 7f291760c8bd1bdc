namespace OrleansKube.Model.Meta;

/// <summary>How a manager last wrote the fields of a <see cref="ManagedFieldsEntry"/>.</summary>
public enum ManagedFieldsOperation
{
    Apply,
    Update,
}
