namespace OrleansKube.Model.Core;

public enum RecursiveReadOnlyMode
{
    Disabled,
    IfPossible,
    Enabled,
}
