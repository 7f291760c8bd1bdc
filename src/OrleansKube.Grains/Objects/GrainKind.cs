using OrleansKube.Grains.Hosting;
using OrleansKube.Grains.Workloads;

namespace OrleansKube.Grains.Objects;

/// <summary>
/// What the grains know of one kind, beside its API facts (<see cref="KindInfo"/>): which grain holds an object,
/// whether it lives in its index shard instead, which controller grain follows it, who hears of its changes,
/// and whether removing it leaves dependents for the garbage collector.
/// </summary>
public sealed record GrainKind(KindInfo Info)
{
    /// <summary>The grain that holds an object, by its key; kinds with behaviour have a grain type of their own.</summary>
    public Func<IGrainFactory, string, IObjectGrain> Grain { get; init; } = static (factory, key) => factory.Get<IObjectGrain>(key);

    /// <summary>True for objects that live in their index shard, not a grain of their own (many, small, written often).</summary>
    public Func<ObjectKey, bool> IndexResident { get; init; } = static _ => false;

    /// <summary>The controller grain that follows each object of the kind (null: none).</summary>
    public Func<IGrainFactory, string, IControllerGrain>? Controller { get; init; }

    /// <summary>
    /// Sent one-way after a change was stored (current) or removed (null): by default to the object's own controller
    /// and to the controller that owns it, before and after.
    /// </summary>
    public Action<IGrainFactory, ObjectKey, KubeObject?, KubeObject?> Notify { get; init; } = ControllerGrains.NotifyControllers;

    /// <summary>Whether removing an object hands what it owned to the garbage collector (background propagation).</summary>
    public bool OwnsDependents { get; init; } = true;
}
