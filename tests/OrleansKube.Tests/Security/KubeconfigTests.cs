using OrleansKube.Api.Security;

namespace OrleansKube.Tests.Security;

public class KubeconfigTests
{
    [Fact]
    public void Build_TlsAndToken_HasTheServerTheCaDataAndTheQuotedToken()
    {
        var text = Kubeconfig.Build(new Uri("https://10.0.0.5:6443/"), "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----", "a\"b");

        Assert.Equal(
            """
            apiVersion: v1
            kind: Config
            clusters:
            - name: orleanskube
              cluster:
                server: "https://10.0.0.5:6443"
                certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCkFBPT0KLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQ==
            users:
            - name: orleanskube
              user:
                token: "a\u0022b"
            contexts:
            - name: orleanskube
              context:
                cluster: orleanskube
                user: orleanskube
            current-context: orleanskube

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void Build_PlainWithoutToken_HasAnEmptyUser()
    {
        var text = Kubeconfig.Build(new Uri("http://localhost:8001"), null, null);

        Assert.Contains("    server: \"http://localhost:8001\"\n", text);
        Assert.Contains("  user: {}\n", text);
        Assert.DoesNotContain("certificate-authority-data", text);
    }
}
