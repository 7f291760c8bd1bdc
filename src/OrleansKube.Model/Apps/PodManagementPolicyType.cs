namespace OrleansKube.Model.Apps;

public enum PodManagementPolicyType
{
    OrderedReady,
    Parallel,
}
