using OrleansKube.Grains.Hosting;

namespace OrleansKube.Grains.Objects;

/// <summary>Finds the grain that holds an object: its kind's registration (<see cref="GrainKinds"/>) names the grain type.</summary>
public static class ObjectGrains
{
    public static IObjectGrain Get(IGrainFactory factory, ObjectKey key) => GrainKinds.Get(key.Kind).Grain(factory, key.ToString());

    public static IPodGrain Pod(IGrainFactory factory, string ns, string name) =>
        factory.Get<IPodGrain>(ObjectKey.For(Kinds.Pod, ns, name).ToString());

    public static INodeGrain Node(IGrainFactory factory, string name) =>
        factory.Get<INodeGrain>(ObjectKey.For(Kinds.Node, null, name).ToString());
}
