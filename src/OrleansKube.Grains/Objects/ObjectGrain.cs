using OrleansKube.Grains.Hosting;

namespace OrleansKube.Grains.Objects;

/// <summary>Objects with no behaviour of their own yet: Namespace, ConfigMap, Secret, Service, Event, Lease, workloads, PriorityClass, Ingress, IngressClass.</summary>
public sealed class ObjectGrain(SimulationClock clock) : ObjectGrainBase(clock.Time);
