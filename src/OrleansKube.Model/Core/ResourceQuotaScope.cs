namespace OrleansKube.Model.Core;

public enum ResourceQuotaScope
{
    Terminating,
    NotTerminating,
    BestEffort,
    NotBestEffort,
    PriorityClass,
    CrossNamespacePodAffinity,
    VolumeAttributesClass,
}
