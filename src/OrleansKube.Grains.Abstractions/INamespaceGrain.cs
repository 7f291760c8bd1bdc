using OrleansKube.Model.Meta;

namespace OrleansKube.Grains.Abstractions;

/// <summary>
/// A Namespace: its delete marks it Terminating (its controller then empties it), and it goes once its finalizers
/// are removed through <see cref="FinalizeAsync"/>.
/// </summary>
[Alias("OrleansKube.INamespaceGrain")]
public interface INamespaceGrain : IObjectGrain
{
    /// <summary>Upstream's finalize subresource: removes <paramref name="finalizer"/> from spec.finalizers; the namespace goes when none is left.</summary>
    [Alias("Finalize")]
    Task<KubeObject?> FinalizeAsync(string finalizer);
}
