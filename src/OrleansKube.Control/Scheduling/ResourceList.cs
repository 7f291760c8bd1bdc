namespace OrleansKube.Control.Scheduling;

/// <summary>
/// Resource amounts as the scheduler counts them: cpu in millicores, everything else in whole units
/// (upstream's MilliValue for cpu, Value for the rest).
/// </summary>
public sealed class ResourceList
{
    public const string Cpu = "cpu";
    public const string Memory = "memory";
    public const string Pods = "pods";
    public const string EphemeralStorage = "ephemeral-storage";

    public ResourceList()
    {
    }

    public ResourceList(IReadOnlyDictionary<string, long> amounts)
    {
        foreach (var (name, amount) in amounts)
        {
            Amounts[name] = amount;
        }
    }

    public Dictionary<string, long> Amounts { get; } = new(StringComparer.Ordinal);

    public long this[string name] => Amounts.GetValueOrDefault(name);

    public static ResourceList From(IReadOnlyDictionary<string, Quantity>? quantities)
    {
        var list = new ResourceList();
        foreach (var (name, quantity) in quantities ?? new Dictionary<string, Quantity>())
        {
            list.Amounts[name] = name == Cpu ? quantity.MilliValue : quantity.Value;
        }

        return list;
    }

    /// <summary>What a pod asks of a node: per resource, the larger of its containers' sum and its largest init container.</summary>
    public static ResourceList ForPod(PodSpec spec)
    {
        var sum = new ResourceList();
        foreach (var container in spec.Containers)
        {
            sum.Add(From(container.Resources?.Requests));
        }

        foreach (var init in spec.InitContainers ?? [])
        {
            foreach (var (name, amount) in From(init.Resources?.Requests).Amounts)
            {
                sum.Amounts[name] = Math.Max(sum[name], amount);
            }
        }

        return sum;
    }

    public void Add(ResourceList other)
    {
        foreach (var (name, amount) in other.Amounts)
        {
            Amounts[name] = this[name] + amount;
        }
    }

    public void Subtract(ResourceList other)
    {
        foreach (var (name, amount) in other.Amounts)
        {
            Amounts[name] = this[name] - amount;
        }
    }
}
