using OrleansKube.Control.Networking;
using OrleansKube.Grains.Abstractions.Watching;
using OrleansKube.Grains.Objects;
using OrleansKube.Model.Networking;

namespace OrleansKube.Grains.Api;

/// <summary>
/// Ingresses at the API front: the default class at admission (upstream's DefaultIngressClass plugin), and the simulated
/// ingress controller's address written to the status of each Ingress its classes serve, once the Ingress (or its class)
/// is stored, as a controller watching both would.
/// </summary>
public sealed partial class ApiGrain
{
    private Task<List<KubeObject>> ListIngressClassesAsync() => ListCachedAsync(Kinds.IngressClass, new CacheQuery(null, null, null, null, null));

    /// <summary>Names the default class in a new Ingress that names none; the batch's own classes count (kubectl applies them first when listed first).</summary>
    private async Task AdmitIngressAsync(Ingress ingress, List<KubeObject> batch)
    {
        if (ingress.Spec is { IngressClassName: null })
        {
            DefaultIngressClass.Admit(ingress, [.. (await ListIngressClassesAsync()).Cast<IngressClass>(), .. batch.OfType<IngressClass>()]);
        }
    }

    /// <summary>After an Ingress or IngressClass was written: the address of every Ingress the simulated controller now serves.</summary>
    private async Task PublishIngressAddressesAsync(KubeObject written)
    {
        switch (written)
        {
            case Ingress ingress when ingress.Spec?.IngressClassName is not null:
                await WriteIngressAddressAsync(ingress, [.. (await ListIngressClassesAsync()).Cast<IngressClass>()]);
                break;
            case IngressClass { Spec.Controller: IngressAddresses.Controller } ingressClass:
                var ingresses = await ListCachedAsync(Kinds.Ingress, new CacheQuery(null, null, null, null, null));
                foreach (var named in ingresses.Cast<Ingress>().Where(i => i.Spec?.IngressClassName == ingressClass.Metadata.Name))
                {
                    await WriteIngressAddressAsync(named, [ingressClass]);
                }

                break;
        }
    }

    private async Task WriteIngressAddressAsync(Ingress ingress, IReadOnlyList<IngressClass> classes)
    {
        var grain = ObjectStore.For(GrainFactory, ObjectKey.Of(ingress));
        for (var attempt = 1; attempt <= 3 && IngressAddresses.StatusFor(ingress, classes) is { } status; attempt++)
        {
            try
            {
                await grain.UpdateStatusAsync(ingress with { Status = status });
                return;
            }
            catch (ApiException e) when (e.Reason == ApiErrorReason.Conflict)
            {
                // Written meanwhile (a user's update): the controller's next look is at the newer copy.
                if (await grain.GetAsync() is not Ingress newer)
                {
                    return;
                }

                ingress = newer;
            }
        }
    }
}
