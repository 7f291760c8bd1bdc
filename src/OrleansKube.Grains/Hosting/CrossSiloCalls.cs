using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansKube.Grains.Hosting;

/// <summary>
/// Counts the grain calls a silo receives from other silos, by interface and method (<c>okube_cross_silo_calls_total</c>):
/// what a pod's life sends over the network. Off by default (<c>--count-cross-silo-calls</c>): the sender names its silo in
/// the request context of every call it makes, which costs a little on every call, local ones too. Orleans' own traffic
/// (directory, membership) is not a grain call: the messaging metrics count it.
/// </summary>
public sealed class CrossSiloCalls : IOutgoingGrainCallFilter, IIncomingGrainCallFilter
{
    private const string FromKey = "okube-from";

    private readonly string _self;
    private readonly Counter<long> _received;

    public CrossSiloCalls(ILocalSiloDetails silo, IMeterFactory meters)
    {
        _self = silo.SiloAddress.ToParsableString();
        _received = meters.Create(new MeterOptions(KubeMetrics.MeterName)).CreateCounter<long>(
            "okube.cross_silo.calls", "{call}", "Grain calls received from another silo, by interface and method");
    }

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        RequestContext.Set(FromKey, _self);
        return context.Invoke();
    }

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (RequestContext.Get(FromKey) is string from && from != _self)
        {
            _received.Add(1, new KeyValuePair<string, object?>("method", $"{context.InterfaceMethod?.DeclaringType?.Name}.{context.MethodName}"));
        }

        return context.Invoke();
    }

    public static ISiloBuilder AddCrossSiloCallCounting(ISiloBuilder silo)
    {
        silo.Services.AddSingleton<CrossSiloCalls>();
        silo.AddOutgoingGrainCallFilter<CrossSiloCalls>();
        silo.AddIncomingGrainCallFilter<CrossSiloCalls>();
        return silo;
    }
}
