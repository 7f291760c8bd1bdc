using OrleansKube.Control.Namespaces;
using OrleansKube.Control.Store;

namespace OrleansKube.Tests.Namespaces;

public class NamespaceLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    private static Namespace Created(params string[] finalizers)
    {
        var ns = new Namespace { Metadata = new ObjectMeta { Name = "shop", ResourceVersion = "1" }, Spec = finalizers.Length == 0 ? null : new NamespaceSpec { Finalizers = [.. finalizers] } };
        NamespaceLifecycle.PrepareCreate(ns);
        return ns;
    }

    [Fact]
    public void PrepareCreate_AnyNamespace_IsActiveWithTheKubernetesFinalizerLast()
    {
        Assert.Equal(NamespacePhase.Active, Created().Status!.Phase);
        Assert.Equal(["kubernetes"], Created().Spec!.Finalizers!);
        Assert.Equal(["example.com/keep", "kubernetes"], Created("example.com/keep").Spec!.Finalizers!);
        Assert.Equal(["kubernetes"], Created("kubernetes").Spec!.Finalizers!);
    }

    [Fact]
    public void Delete_FirstTime_MarksTerminating_AgainIsUpstreamsConflict()
    {
        var (marked, error) = NamespaceLifecycle.Delete(Created(), Now);

        Assert.Null(error);
        Assert.Equal((NamespacePhase.Terminating, Now, "2"), (marked!.Status!.Phase, marked.Metadata.DeletionTimestamp, marked.Metadata.ResourceVersion));
        var (_, again) = NamespaceLifecycle.Delete(marked, Now.AddSeconds(5));
        Assert.Equal(ApiErrorReason.Conflict, again!.Reason);
        Assert.Equal("Operation cannot be fulfilled on namespaces \"shop\": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.", again.Message);
    }

    [Fact]
    public void RemoveFinalizer_LastOne_LeavesTheNamespaceFinalized()
    {
        var (marked, _) = NamespaceLifecycle.Delete(Created(), Now);

        var finalized = NamespaceLifecycle.RemoveFinalizer(marked!, NamespaceLifecycle.Finalizer)!;

        Assert.True(NamespaceLifecycle.IsFinalized(finalized));
        Assert.False(NamespaceLifecycle.IsFinalized(marked!));
        Assert.Null(NamespaceLifecycle.RemoveFinalizer(finalized, NamespaceLifecycle.Finalizer));
    }

    [Fact]
    public void PrepareUpdate_ManifestWithoutFinalizers_KeepsThemAndTheTerminatingState()
    {
        var (marked, _) = NamespaceLifecycle.Delete(Created(), Now);
        var manifest = new Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new ObjectMeta { Name = "shop", Labels = new() { ["team"] = "a" } } };

        var (result, changed, error) = ObjectLifecycle.PrepareUpdate(marked!, manifest, enforceResourceVersion: true);

        Assert.Null(error);
        Assert.True(changed);
        var updated = (Namespace)result;
        Assert.Equal(["kubernetes"], updated.Spec!.Finalizers!);
        Assert.Equal((NamespacePhase.Terminating, Now), (updated.Status!.Phase, updated.Metadata.DeletionTimestamp));
    }

    [Fact]
    public void CreateRefused_NamesTheResourceAndNamespaceAsUpstream()
    {
        var error = NamespaceLifecycle.CreateRefused(Kinds.Deployment, "web", "shop");

        Assert.Equal((ApiErrorReason.Forbidden, "deployments.apps \"web\" is forbidden: unable to create new content in namespace shop because it is being terminated"), (error.Reason, error.Message));
    }
}
