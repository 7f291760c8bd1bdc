namespace OrleansKube.Model.Core;

public enum ScopeSelectorOperator
{
    In,
    NotIn,
    Exists,
    DoesNotExist,
}
