using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using OrleansKube.Api.Security;

namespace OrleansKube.ClusterTests;

/// <summary>The API on an explicit address: TLS with the CA generated at start, which clients trust to connect.</summary>
public sealed class ApiTlsTests(TlsApiFixture api) : IClassFixture<TlsApiFixture>
{
    private X509Certificate2 Authority => X509CertificateLoader.LoadCertificateFromFile(Path.Combine(api.CertificateDirectory, ApiCertificates.AuthorityFile));

    private static HttpClient Trusting(X509Certificate2? authority)
    {
        var handler = new SocketsHttpHandler();
        if (authority is not null)
        {
            // Trust exactly the generated CA, with the usual checks (chain, validity, the host name against the SANs);
            // like kubectl, no revocation check (a private CA publishes no revocation list).
            handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { authority },
                RevocationMode = X509RevocationMode.NoCheck,
            };
        }

        return new HttpClient(handler);
    }

    [Fact]
    public async Task Https_TrustingTheGeneratedCa_Handshakes()
    {
        using var http = Trusting(Authority);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(api.Address, "/version"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiFixture.MastersToken);

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal("https", api.Address.Scheme);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Https_NotTrustingTheCa_FailsTheHandshake()
    {
        using var http = Trusting(null);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(api.Address, "/version"), TestContext.Current.CancellationToken));

        Assert.IsType<AuthenticationException>(error.InnerException);
    }

    [Fact]
    public async Task Https_WithoutToken_Is401()
    {
        using var http = Trusting(Authority);

        using var response = await http.GetAsync(new Uri(api.Address, "/api/v1/pods"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public void ServingCertificate_NamesTheAddressLocalhostLoopbacksAndHost()
    {
        var serving = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(api.CertificateDirectory, ApiCertificates.ServingFile));
        var names = serving.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();

        Assert.Equal(["localhost", Dns.GetHostName()], names.EnumerateDnsNames());
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], names.EnumerateIPAddresses());
        Assert.Equal(Authority.Subject, serving.Issuer);
    }

    [Fact]
    public async Task Kubeconfig_Tls_CarriesTheCaAndTheHttpsServer()
    {
        var written = await File.ReadAllTextAsync(api.KubeconfigPath, TestContext.Current.CancellationToken);

        var data = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(Authority.ExportCertificatePem()));
        Assert.Contains($"    server: \"https://127.0.0.1:{api.Address.Port}\"\n", written);
        Assert.Contains($"    certificate-authority-data: {data}\n", written);
        Assert.Contains($"    token: \"{ApiFixture.MastersToken}\"\n", written);
    }
}
