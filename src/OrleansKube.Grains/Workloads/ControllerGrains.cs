using System.Runtime.CompilerServices;
using OrleansKube.Control.Workloads;
using OrleansKube.Control.Workloads.DaemonSets;
using OrleansKube.Control.Workloads.ReplicaSets;
using OrleansKube.Grains.Hosting;
using OrleansKube.Grains.Objects;
using OrleansKube.Model.Caching;

namespace OrleansKube.Grains.Workloads;

/// <summary>
/// Which workload kinds have a controller grain, and the notifications every stored change sends: to the
/// workload's own controller, and to the controller of whoever controls the object (before and after the change).
/// </summary>
public static class ControllerGrains
{
    /// <summary>The kinds with a controller grain (a Service's is its endpoints controller), as registered in <see cref="GrainKinds"/>.</summary>
    public static IReadOnlyList<KindInfo> ControlledKinds => GrainKinds.Controlled;

    public static bool HasController(string kind) => GrainKinds.Find(kind)?.Controller is not null;

    // A ReplicaSet's hundred pods each notify it several times: the references made recently are kept, per factory (a
    // silo's and a client's differ; held weakly, so a stopped silo's go with it).
    private static readonly ConditionalWeakTable<IGrainFactory, RecentValues<(string Kind, string Namespace, string Name), IControllerGrain>> Made = [];

    public static IControllerGrain? For(IGrainFactory factory, string kind, string ns, string name)
    {
        if (GrainKinds.Find(kind)?.Controller is not { } make)
        {
            return null; // not a kind with a controller
        }

        return Made.GetValue(factory, static _ => new(2_048))
            .GetOrAdd((kind, ns, name), (Factory: factory, Make: make), static (key, s) => s.Make(s.Factory, new ObjectKey(key.Kind, key.Namespace, key.Name).ToString()));
    }

    /// <summary>
    /// The controller-manager's resync: every workload's controller is handed its workload as it is stored, as
    /// informers replay every object to a newly started controller; a controller lost with its silo comes back this
    /// way and lists its children again; so does a terminating namespace's. The hand-overs are awaited (a controller
    /// only queues its pass), so one lost to a dead silo fails the resync and the caller does it again. Returns how many were handed on.
    /// </summary>
    public static async Task<int> ResyncAsync(IGrainFactory factory)
    {
        var api = factory.Get<IApiGrain>(0);
        List<Task> handedOn = [];
        foreach (var kind in ControlledKinds)
        {
            foreach (var obj in await api.ListAsync(new ListQuery(kind.Plural, null)))
            {
                handedOn.Add(HandOnAsync(factory, obj));
            }
        }

        // A terminating namespace's controller, lost with its silo, starts again.
        foreach (var ns in await api.ListAsync(new ListQuery(Kinds.Namespace.Plural, null)))
        {
            if (ns.Metadata.DeletionTimestamp is not null)
            {
                handedOn.Add(factory.Get<INamespaceControllerGrain>(ObjectKey.Of(ns).ToString()).ResyncAsync(ns.AsImmutable()));
            }
        }

        await Task.WhenAll(handedOn);
        return handedOn.Count;
    }

    // The workload as its own grain holds it, not the list's copy: a write its dead silo stored but never published is
    // published when the grain comes back (ObjectGrainBase.CatchUpIndexAsync), which this read makes happen.
    private static async Task HandOnAsync(IGrainFactory factory, KubeObject listed)
    {
        // (In memory, a grain lost with its silo comes back empty: the list's copy is all there is.)
        var key = ObjectKey.Of(listed);
        var stored = await GrainKinds.Get(key.Kind).Grain(factory, key.ToString()).GetAsync() ?? listed;
        await For(factory, key.Kind, key.Namespace, key.Name)!.ResyncAsync(stored.AsImmutable());
    }

    /// <summary>Sent one-way after an object was stored (<paramref name="current"/>) or removed (null): no writer waits on a controller.</summary>
    public static void Notify(IGrainFactory factory, ObjectKey key, KubeObject? previous, KubeObject? current) =>
        GrainKinds.Get(key.Kind).Notify(factory, key, previous, current);

    /// <summary>What most kinds' changes reach: the object's own controller, and the controller that owns it (before and after).</summary>
    public static void NotifyControllers(IGrainFactory factory, ObjectKey key, KubeObject? previous, KubeObject? current)
    {
        if (For(factory, key.Kind, key.Namespace, key.Name) is { } own)
        {
            (current is null ? own.ObjectDeletedAsync() : own.ObjectChangedAsync(current.AsImmutable())).Ignore();
        }

        var before = previous is null ? null : ControllerRefs.ControllerOf(previous);
        var after = current is null ? null : ControllerRefs.ControllerOf(current);
        if (after is not null && For(factory, after.Kind, key.Namespace, after.Name) is { } owner)
        {
            owner.ChildChangedAsync(current!.AsImmutable()).Ignore();
        }

        if (before is not null && (after is null || before.Uid != after.Uid || current is null) && For(factory, before.Kind, key.Namespace, before.Name) is { } formerOwner)
        {
            formerOwner.ChildRemovedAsync(key.Name).Ignore();
        }
    }

    /// <summary>
    /// A pod's changes reach its owner's controller as any object's, except a ReplicaSet's (or ReplicationController's) pod's changes that cannot
    /// change the ReplicaSet's pass (a bind, a status on the way to Running: <see cref="ReplicaSetReconciler.PassNeeded"/>):
    /// two of a pod's four writes. Its controller's view then holds the pod as it was; it lists its pods again before
    /// a scale-down, which ranks them by node and phase.
    /// </summary>
    public static void NotifyPodOwners(IGrainFactory factory, ObjectKey key, KubeObject? previous, KubeObject? current)
    {
        if (previous is Pod before && current is Pod after && ControllerRefs.ControllerOf(after) is { Kind: "ReplicaSet" or "ReplicationController" } owner
            && ControllerRefs.ControllerOf(before)?.Uid == owner.Uid && !ReplicaSetReconciler.PassNeeded(before, after))
        {
            return;
        }

        NotifyControllers(factory, key, previous, current);
    }

    /// <summary>
    /// Endpoints' changes reach the endpoints controller of the Service of their name (as upstream's mirroring controller
    /// watches Endpoints), besides any controller that owns them.
    /// </summary>
    public static void NotifyEndpointsController(IGrainFactory factory, ObjectKey key, KubeObject? previous, KubeObject? current)
    {
        NotifyControllers(factory, key, previous, current);
        var controller = factory.Get<IEndpointsControllerGrain>(new ObjectKey(Kinds.Service.Kind, key.Namespace, key.Name).ToString());
        (current is null ? controller.EndpointsRemovedAsync() : controller.EndpointsChangedAsync(current.AsImmutable())).Ignore();
    }

    /// <summary>A namespace's changes reach its namespace controller once it is terminating.</summary>
    public static void NotifyNamespaceController(IGrainFactory factory, ObjectKey key, KubeObject? previous, KubeObject? current)
    {
        if (current?.Metadata.DeletionTimestamp is not null)
        {
            factory.Get<INamespaceControllerGrain>(key.ToString()).NamespaceChangedAsync(current.AsImmutable()).Ignore();
        }
    }

    /// <summary>A node's changes reach the DaemonSets when they matter to placement: joined, left, labels, taints, cordon.</summary>
    public static void NotifyDaemonSets(IGrainFactory factory, ObjectKey key, KubeObject? previousObject, KubeObject? currentObject)
    {
        var (previous, current) = ((Node?)previousObject, (Node?)currentObject);
        var registry = factory.Get<IDaemonSetRegistryGrain>(0);
        if (current is null)
        {
            registry.NodeRemovedAsync(key.Name).Ignore();
        }
        else if (DaemonPods.PlacementInputsChanged(previous, current))
        {
            registry.NodeChangedAsync(current.AsImmutable()).Ignore();
        }
    }
}
