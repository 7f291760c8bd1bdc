namespace OrleansKube.Control.Store;

/// <summary>Upstream's QoS class: BestEffort (no cpu/memory requests or limits), Guaranteed (every container limits both and requests equal limits), else Burstable.</summary>
public static class QualityOfService
{
    private static readonly string[] ComputeResources = ["cpu", "memory"];

    public static PodQosClass Compute(PodSpec spec)
    {
        var requests = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var limits = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var guaranteed = true;
        foreach (var container in spec.Containers.Concat(spec.InitContainers ?? []))
        {
            foreach (var (name, quantity) in container.Resources?.Requests ?? [])
            {
                if (ComputeResources.Contains(name) && quantity.Amount > 0)
                {
                    requests[name] = requests.GetValueOrDefault(name) + quantity.Amount;
                }
            }

            var limited = 0;
            foreach (var (name, quantity) in container.Resources?.Limits ?? [])
            {
                if (ComputeResources.Contains(name) && quantity.Amount > 0)
                {
                    limited++;
                    limits[name] = limits.GetValueOrDefault(name) + quantity.Amount;
                }
            }

            guaranteed &= limited == ComputeResources.Length;
        }

        if (requests.Count == 0 && limits.Count == 0)
        {
            return PodQosClass.BestEffort;
        }

        guaranteed &= requests.All(r => limits.TryGetValue(r.Key, out var limit) && limit == r.Value);
        return guaranteed && requests.Count == limits.Count ? PodQosClass.Guaranteed : PodQosClass.Burstable;
    }
}
