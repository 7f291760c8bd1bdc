using Microsoft.Extensions.DependencyInjection;
using OrleansKube.Api;

namespace OrleansKube.ClusterTests;

/// <summary>A test silo serving the Kubernetes API on a free port, with security settings of the subclass's choosing and its files in a directory of its own.</summary>
public abstract class ApiFixture : ClusterFixture
{
    public const string MastersToken = "admin-token";
    public const string ReaderToken = "alice-token";

    /// <summary>An admin (system:masters and another group) and a read-only user, in kube-apiserver's CSV.</summary>
    public const string Tokens = "admin-token,admin,uid-1,\"devs,system:masters\"\nalice-token,alice,uid-2\n";

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("okube-api-").FullName;

    public string TokenFile => Path.Combine(Directory, "tokens.csv");

    public string CertificateDirectory => Path.Combine(Directory, "pki");

    public string KubeconfigPath => Path.Combine(Directory, "kubeconfig");

    public KubeApiServer Server => SiloServices.GetRequiredService<KubeApiServer>();

    /// <summary>The API's base address (<c>http://127.0.0.1:PORT</c>).</summary>
    public Uri Address => Server.Address!;

    protected abstract void ConfigureApi(KubeApiOptions options);

    protected override void ConfigureSilo(ISiloBuilder silo)
    {
        File.WriteAllText(TokenFile, Tokens);
        silo.AddKubernetesApi(o =>
        {
            o.Port = 0;
            o.Security.KubeconfigPath = KubeconfigPath;
            o.Security.CertificateDirectory = CertificateDirectory;
            ConfigureApi(o);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

/// <summary>Plain HTTP on loopback with tokens required.</summary>
public sealed class TokenApiFixture : ApiFixture
{
    protected override void ConfigureApi(KubeApiOptions options) => options.Security.TokenAuthFile = TokenFile;
}

/// <summary>TLS on an explicit address (127.0.0.1, so nothing in the tests listens beyond loopback) with tokens required.</summary>
public sealed class TlsApiFixture : ApiFixture
{
    protected override void ConfigureApi(KubeApiOptions options)
    {
        options.Address = "127.0.0.1";
        options.Security.TokenAuthFile = TokenFile;
    }
}

/// <summary>The defaults (no address, no tokens) on a fixed free port, which binds both loopbacks as port 8001 would.</summary>
public sealed class DefaultApiFixture : ApiFixture
{
    public int Port { get; } = Helpers.FreePort();

    protected override void ConfigureApi(KubeApiOptions options) => options.Port = Port;
}
