namespace OrleansKube.Api.Security;

/// <summary>Whom the API lets in and how clients reach it safely; all off by default (plain loopback HTTP, like <c>kubectl proxy</c>).</summary>
public sealed class ApiSecurityOptions
{
    /// <summary>kube-apiserver's <c>--token-auth-file</c> (CSV <c>token,user,uid,"group1,group2"</c>); null: no authentication.</summary>
    public string? TokenAuthFile { get; set; }

    /// <summary>Where the generated CA and serving certificate are written (and the CA reused from); null: <see cref="DefaultCertificateDirectory"/>.</summary>
    public string? CertificateDirectory { get; set; }

    /// <summary>Where a ready kubeconfig is written at start; null: none is written (the silo program names one).</summary>
    public string? KubeconfigPath { get; set; }

    /// <summary><c>~/.local/share/orleanskube/pki</c> (the user's data directory).</summary>
    public static string DefaultCertificateDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "orleanskube", "pki");

    /// <summary><c>~/.kube/orleanskube</c>, beside kubectl's own config.</summary>
    public static string DefaultKubeconfigPath =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify), ".kube", "orleanskube");
}
