namespace OrleansKube.Model.Core;

public enum TaintEffect
{
    NoSchedule,
    PreferNoSchedule,
    NoExecute,
}
