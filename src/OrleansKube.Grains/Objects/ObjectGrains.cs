namespace OrleansKube.Grains.Objects;

/// <summary>Finds the grain that holds an object: Pods and Nodes have their own grain types.</summary>
public static class ObjectGrains
{
    public static IObjectGrain Get(IGrainFactory factory, ObjectKey key) => key.Kind switch
    {
        "Pod" => factory.GetGrain<IPodGrain>(key.ToString()),
        "Node" => factory.GetGrain<INodeGrain>(key.ToString()),
        _ => factory.GetGrain<IObjectGrain>(key.ToString()),
    };

    public static IPodGrain Pod(IGrainFactory factory, string ns, string name) =>
        factory.GetGrain<IPodGrain>(ObjectKey.For(Kinds.Pod, ns, name).ToString());

    public static INodeGrain Node(IGrainFactory factory, string name) =>
        factory.GetGrain<INodeGrain>(ObjectKey.For(Kinds.Node, null, name).ToString());
}
