namespace OrleansKube.Model.Meta;

public enum ConditionStatus
{
    True,
    False,
    Unknown,
}
