namespace OrleansKube.Grains.Hosting;

/// <summary>
/// Grain references without reflection. <c>IGrainFactory.GetGrain&lt;T&gt;(key)</c> resolves T's grain
/// interface type from its attributes on every call; on the paths every pod takes (create, bind, run, events)
/// that was a measurable share of the silo's CPU. The grain type and interface type of T are resolved once
/// (they follow from the type alone) and each reference is then built from its grain id.
/// </summary>
public static class GrainReferences
{
    public static T Get<T>(this IGrainFactory factory, string key)
        where T : IGrainWithStringKey
    {
        var (grainType, interfaceType) = Types<T>.Resolved ??= Resolve(factory.GetGrain<T>(key));
        return (T)factory.GetGrain(GrainId.Create(grainType, key), interfaceType);
    }

    public static T Get<T>(this IGrainFactory factory, long key)
        where T : IGrainWithIntegerKey
    {
        var (grainType, interfaceType) = Types<T>.Resolved ??= Resolve(factory.GetGrain<T>(key));
        return (T)factory.GetGrain(GrainId.Create(grainType, GrainIdKeyExtensions.CreateIntegerKey(key)), interfaceType);
    }

    private static (GrainType, GrainInterfaceType) Resolve(IAddressable probe)
    {
        var reference = (GrainReference)probe;
        return (reference.GrainId.Type, reference.InterfaceType);
    }

    private static class Types<T>
    {
        public static (GrainType, GrainInterfaceType)? Resolved;
    }
}
