namespace OrleansKube.Model.Core;

public enum PreemptionPolicy
{
    PreemptLowerPriority,
    Never,
}
