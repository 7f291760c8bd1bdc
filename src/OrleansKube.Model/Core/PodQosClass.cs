namespace OrleansKube.Model.Core;

public enum PodQosClass
{
    Guaranteed,
    Burstable,
    BestEffort,
}
