using OrleansKube.Grains.Hosting;

namespace OrleansKube.Grains.Objects;

/// <summary>Finds the grain that holds an object: Pods, Nodes, Leases, Services and Namespaces have their own grain types.</summary>
public static class ObjectGrains
{
    public static IObjectGrain Get(IGrainFactory factory, ObjectKey key) => key.Kind switch
    {
        "Pod" => factory.Get<IPodGrain>(key.ToString()),
        "Node" => factory.Get<INodeGrain>(key.ToString()),
        "Lease" => factory.Get<ILeaseGrain>(key.ToString()),
        "Service" => factory.Get<IServiceGrain>(key.ToString()),
        "Namespace" => factory.Get<INamespaceGrain>(key.ToString()),
        _ => factory.Get<IObjectGrain>(key.ToString()),
    };

    public static IPodGrain Pod(IGrainFactory factory, string ns, string name) =>
        factory.Get<IPodGrain>(ObjectKey.For(Kinds.Pod, ns, name).ToString());

    public static INodeGrain Node(IGrainFactory factory, string name) =>
        factory.Get<INodeGrain>(ObjectKey.For(Kinds.Node, null, name).ToString());
}
