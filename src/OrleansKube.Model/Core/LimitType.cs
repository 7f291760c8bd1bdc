namespace OrleansKube.Model.Core;

public enum LimitType
{
    Container,
    Pod,
    PersistentVolumeClaim,
}
