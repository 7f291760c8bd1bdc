using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansKube.Api.Security;

/// <summary>
/// The API's TLS: a self-signed CA (kept in the certificate directory and reused while it has a year left, so clients
/// that trust it keep trusting it across restarts) and a serving certificate it signs at every start, naming the bound
/// address, localhost, 127.0.0.1, ::1 and the host name. Clients trust <c>ca.crt</c>, or the CA data of the kubeconfig.
/// </summary>
public sealed class ApiCertificates
{
    public const string AuthorityFile = "ca.crt";
    public const string AuthorityKeyFile = "ca.key";
    public const string ServingFile = "apiserver.crt";
    public const string ServingKeyFile = "apiserver.key";

    private static readonly TimeSpan AuthorityLifetime = TimeSpan.FromDays(3650);
    private static readonly TimeSpan ServingLifetime = TimeSpan.FromDays(365);

    // Clients check certificates against their own clocks: start a little in the past for theirs being behind.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private ApiCertificates(X509Certificate2 authority, X509Certificate2 serving, IReadOnlyList<string> names) =>
        (Authority, Serving, Names) = (authority, serving, names);

    /// <summary>The CA (public part), which clients trust.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The serving certificate with its private key.</summary>
    public X509Certificate2 Serving { get; }

    /// <summary>The DNS names and IP addresses the serving certificate is valid for.</summary>
    public IReadOnlyList<string> Names { get; }

    public string AuthorityPem => Authority.ExportCertificatePem();

    /// <summary>Makes (or reuses) the CA in <paramref name="directory"/> and signs a serving certificate for <paramref name="address"/>.</summary>
    /// <param name="directory">Where ca.crt/ca.key and apiserver.crt/apiserver.key are kept.</param>
    /// <param name="address">The bound address, named in the certificate unless it is a wildcard.</param>
    /// <param name="time">Wall-clock time, not the simulation's: real clients check the validity against theirs.</param>
    public static ApiCertificates Create(string directory, IPAddress address, TimeProvider time)
    {
        try
        {
            PrivateFiles.CreateDirectory(directory);
            var now = time.GetUtcNow();
            var authority = LoadAuthority(directory, now) ?? CreateAuthority(directory, now);
            var names = new List<string> { "localhost", Dns.GetHostName(), IPAddress.Loopback.ToString(), IPAddress.IPv6Loopback.ToString() };
            if (!address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any) && !names.Contains(address.ToString()))
            {
                names.Insert(0, address.ToString());
            }

            var (serving, servingKey) = CreateServing(authority, names, now);
            PrivateFiles.Write(Path.Combine(directory, ServingKeyFile), servingKey, secret: true);
            PrivateFiles.Write(Path.Combine(directory, ServingFile), serving.ExportCertificatePem(), secret: false);
            return new ApiCertificates(X509CertificateLoader.LoadCertificate(authority.RawData), serving, names);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ApiSecurityException($"--api-cert-dir '{directory}': {e.Message}", e);
        }
    }

    private static X509Certificate2? LoadAuthority(string directory, DateTimeOffset now)
    {
        var certificate = Path.Combine(directory, AuthorityFile);
        var key = Path.Combine(directory, AuthorityKeyFile);
        if (!File.Exists(certificate) || !File.Exists(key))
        {
            return null;
        }

        var authority = X509Certificate2.CreateFromPemFile(certificate, key);
        return authority.NotAfter.ToUniversalTime() > (now + ServingLifetime).UtcDateTime ? authority : null;
    }

    private static X509Certificate2 CreateAuthority(string directory, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=orleanskube-ca", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var authority = request.CreateSelfSigned(now - ClockSkew, now + AuthorityLifetime);
        PrivateFiles.Write(Path.Combine(directory, AuthorityKeyFile), key.ExportPkcs8PrivateKeyPem(), secret: true);
        PrivateFiles.Write(Path.Combine(directory, AuthorityFile), authority.ExportCertificatePem(), secret: false);
        return authority;
    }

    private static (X509Certificate2 Certificate, string KeyPem) CreateServing(X509Certificate2 authority, IReadOnlyList<string> names, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=orleanskube-apiserver", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false)); // serverAuth
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var alternatives = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var ip))
            {
                alternatives.AddIpAddress(ip);
            }
            else
            {
                alternatives.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(alternatives.Build());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial number
        var notAfter = now + ServingLifetime < authority.NotAfter ? now + ServingLifetime : new DateTimeOffset(authority.NotAfter);
        using var signed = request.Create(authority, now - ClockSkew, notAfter, serial);
        using var withKey = signed.CopyWithPrivateKey(key);

        // Through PKCS#12 so the key is usable by SslStream on every platform (Windows refuses ephemeral keys).
        return (X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null), key.ExportPkcs8PrivateKeyPem());
    }
}
