using System.Runtime.InteropServices;
namespace OrleansKube.Control.Scheduling.Framework;

/// <summary>
/// Resource amounts as the scheduler and kubelet count them: cpu in millicores, memory and ephemeral storage
/// in bytes, extended resources (<c>nvidia.com/gpu</c>) in whole units, and a pod count.
/// </summary>
public sealed class Resource
{
    /// <summary>What a container without a cpu request counts as when scoring (upstream's 100m).</summary>
    public const long DefaultMilliCpuRequest = 100;

    /// <summary>What a container without a memory request counts as when scoring (upstream's 200Mi).</summary>
    public const long DefaultMemoryRequest = 200 * 1024 * 1024;

    public long MilliCpu { get; set; }

    public long Memory { get; set; }

    public long EphemeralStorage { get; set; }

    public long AllowedPodNumber { get; set; }

    /// <summary>Extended and hugepage resources; null while there are none.</summary>
    public Dictionary<string, long>? Scalars { get; private set; }

    public bool IsZero => MilliCpu == 0 && Memory == 0 && EphemeralStorage == 0 && (Scalars is null || Scalars.Values.All(v => v == 0));

    public static Resource From(IReadOnlyDictionary<string, Quantity>? quantities)
    {
        var resource = new Resource();
        resource.AddQuantities(quantities);
        return resource;
    }

    /// <summary>A pod's request: per resource the larger of its containers' sum and its largest init container (upstream).</summary>
    public static Resource ForPod(PodSpec spec, bool nonZero = false)
    {
        var sum = new Resource();
        foreach (var container in spec.Containers)
        {
            // Added in place, not as a Resource per container: every pod scheduled or cached comes through here twice.
            var requests = container.Resources?.Requests;
            sum.AddQuantities(requests);
            if (nonZero)
            {
                // Upstream scores a container that asks for nothing as if it asked for 100m and 200Mi.
                sum.MilliCpu += requests?.ContainsKey(ResourceNames.Cpu) == true ? 0 : DefaultMilliCpuRequest;
                sum.Memory += requests?.ContainsKey(ResourceNames.Memory) == true ? 0 : DefaultMemoryRequest;
            }
        }

        // Upstream's PodRequests: a sidecar (an init container that restarts Always) runs on beside the later init
        // containers and the app containers, so it adds to both; an ordinary init container needs the most of any
        // one step. The pod's overhead comes on top.
        Resource? sidecars = null;
        Resource? initSteps = null;
        foreach (var init in CollectionsMarshal.AsSpan(spec.InitContainers))
        {
            var step = ForContainer(init, nonZero);
            if (init.RestartPolicy == ContainerRestartPolicy.Always)
            {
                sum.Add(step);
                (sidecars ??= new Resource()).Add(step);
                step = sidecars;
            }
            else if (sidecars is not null)
            {
                step.Add(sidecars);
            }

            (initSteps ??= new Resource()).SetMax(step);
        }

        if (initSteps is not null)
        {
            sum.SetMax(initSteps);
        }

        sum.AddQuantities(spec.Overhead);
        return sum;
    }

    // The names' own constants are compared by reference first: scoring reads cpu and memory per node, every cycle.
    public long Get(string name) =>
        ReferenceEquals(name, ResourceNames.Cpu) ? MilliCpu
        : ReferenceEquals(name, ResourceNames.Memory) ? Memory
        : name switch
        {
            ResourceNames.Cpu => MilliCpu,
            ResourceNames.Memory => Memory,
            ResourceNames.EphemeralStorage => EphemeralStorage,
            ResourceNames.Pods => AllowedPodNumber,
            _ => Scalars?.GetValueOrDefault(name) ?? 0,
        };

    public void Set(string name, long amount)
    {
        switch (name)
        {
            case ResourceNames.Cpu:
                MilliCpu = amount;
                break;
            case ResourceNames.Memory:
                Memory = amount;
                break;
            case ResourceNames.EphemeralStorage:
                EphemeralStorage = amount;
                break;
            case ResourceNames.Pods:
                AllowedPodNumber = amount;
                break;
            default:
                (Scalars ??= new(StringComparer.Ordinal))[name] = amount;
                break;
        }
    }

    /// <summary>The same amounts of cpu, memory, ephemeral storage and pods, and no other resource in either.</summary>
    public bool SameAs(Resource other) =>
        MilliCpu == other.MilliCpu && Memory == other.Memory && EphemeralStorage == other.EphemeralStorage
        && AllowedPodNumber == other.AllowedPodNumber && Scalars is null && other.Scalars is null;

    public void Add(Resource other) => Combine(other, (a, b) => a + b);

    public void Subtract(Resource other) => Combine(other, (a, b) => a - b);

    public IEnumerable<string> Names()
    {
        if (MilliCpu != 0)
        {
            yield return ResourceNames.Cpu;
        }

        if (Memory != 0)
        {
            yield return ResourceNames.Memory;
        }

        if (EphemeralStorage != 0)
        {
            yield return ResourceNames.EphemeralStorage;
        }

        if (AllowedPodNumber != 0)
        {
            yield return ResourceNames.Pods;
        }

        foreach (var name in Scalars?.Keys ?? Enumerable.Empty<string>())
        {
            yield return name;
        }
    }

    private static Resource ForContainer(Container container, bool nonZero)
    {
        var resource = From(container.Resources?.Requests);
        if (nonZero)
        {
            // Upstream scores a container that asks for nothing as if it asked for 100m and 200Mi.
            var requests = container.Resources?.Requests;
            if (requests is null || !requests.ContainsKey(ResourceNames.Cpu))
            {
                resource.MilliCpu = DefaultMilliCpuRequest;
            }

            if (requests is null || !requests.ContainsKey(ResourceNames.Memory))
            {
                resource.Memory = DefaultMemoryRequest;
            }
        }

        return resource;
    }

    private void AddQuantities(IReadOnlyDictionary<string, Quantity>? quantities)
    {
        if (quantities is Dictionary<string, Quantity> dictionary)
        {
            // The concrete enumerator: an interface one would be allocated per call.
            foreach (var (name, quantity) in dictionary)
            {
                Set(name, Get(name) + Amount(name, quantity));
            }
        }
        else if (quantities is not null)
        {
            foreach (var (name, quantity) in quantities)
            {
                Set(name, Get(name) + Amount(name, quantity));
            }
        }
    }

    private static long Amount(string name, Quantity quantity) => name == ResourceNames.Cpu ? quantity.MilliValue : quantity.Value;

    private void SetMax(Resource other)
    {
        foreach (var name in other.Names())
        {
            Set(name, Math.Max(Get(name), other.Get(name)));
        }
    }

    private void Combine(Resource other, Func<long, long, long> op)
    {
        MilliCpu = op(MilliCpu, other.MilliCpu);
        Memory = op(Memory, other.Memory);
        EphemeralStorage = op(EphemeralStorage, other.EphemeralStorage);
        AllowedPodNumber = op(AllowedPodNumber, other.AllowedPodNumber);
        if (other.Scalars is not null)
        {
            foreach (var (name, amount) in other.Scalars)
            {
                Set(name, op(Get(name), amount));
            }
        }
    }
}
