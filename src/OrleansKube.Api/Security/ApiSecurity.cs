using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using OrleansKube.Grains.Security;

namespace OrleansKube.Api.Security;

/// <summary>
/// The API server's security, one per silo. By default plain HTTP on loopback with no authentication (what
/// <c>kubectl proxy</c> offers). Given an address, it serves TLS there with a generated CA and requires a token file;
/// given a token file, every request is authenticated and authorized. It writes a ready kubeconfig at start and hands
/// the same text to <c>okctl kubeconfig</c> (through <see cref="IKubeconfigSource"/>).
/// </summary>
public sealed partial class ApiSecurity(KubeApiOptions options, ILogger<ApiSecurity> logger) : IKubeconfigSource
{
    private IPAddress? _address;
    private TokenFile? _tokens;
    private ApiCertificates? _certificates;

    public string? Kubeconfig { get; private set; }

    /// <summary>The CA clients trust, when the API serves TLS.</summary>
    public ApiCertificates? Certificates => _certificates;

    /// <summary>Reads the token file and makes the certificates; an <see cref="ApiSecurityException"/> when they cannot work.</summary>
    public void Prepare()
    {
        if (CheckAddress(options.Address, options.Security.TokenAuthFile) is { } refusal)
        {
            throw new ApiSecurityException(refusal);
        }

        _address = options.Address is null ? null : IPAddress.Parse(options.Address);
        _tokens = options.Security.TokenAuthFile is { } tokenFile ? TokenFile.Load(tokenFile) : null;

        // Certificates live on the wall clock, not the simulation's: real clients check them against theirs.
        _certificates = _address is null ? null : ApiCertificates.Create(options.Security.CertificateDirectory ?? ApiSecurityOptions.DefaultCertificateDirectory, _address, TimeProvider.System);
    }

    /// <summary>What is wrong with these settings in one line (an address that is no IP, one without tokens, a token file that cannot be read); null when nothing is.</summary>
    public static string? Check(string? address, string? tokenFile)
    {
        if (CheckAddress(address, tokenFile) is { } refusal)
        {
            return refusal;
        }

        try
        {
            _ = tokenFile is null ? null : TokenFile.Load(tokenFile);
            return null;
        }
        catch (ApiSecurityException e)
        {
            return e.Message;
        }
    }

    private static string? CheckAddress(string? address, string? tokenFile) => address switch
    {
        null => null,
        _ when !IPAddress.TryParse(address, out _) => $"--api-address: Invalid value: \"{address}\": must be an IP address such as 0.0.0.0 or 192.168.1.10",
        _ when tokenFile is null => $"--api-address {address}: an API served beyond loopback requires --token-auth-file (OKUBE_TOKEN_AUTH_FILE)",
        _ => null,
    };

    /// <summary>Binds loopback (127.0.0.1 and ::1) with plain HTTP, or the given address with TLS.</summary>
    public void Listen(KestrelServerOptions kestrel, int port)
    {
        if (_address is null)
        {
            // Kestrel cannot pick one free port for both loopbacks: a free port (tests) is taken on 127.0.0.1 only.
            if (port == 0)
            {
                kestrel.Listen(IPAddress.Loopback, 0);
            }
            else
            {
                kestrel.ListenLocalhost(port);
            }

            return;
        }

        var certificate = _certificates!.Serving;
        kestrel.Listen(_address, port, listen => listen.UseHttps(certificate));
    }

    /// <summary>Authenticates and authorizes every request when tokens are on; call before the routes are mapped.</summary>
    public void Use(IApplicationBuilder app)
    {
        if (_tokens is not null)
        {
            var authentication = new TokenAuthentication(_tokens);
            app.Use(authentication.InvokeAsync);
        }
    }

    /// <summary>Builds the kubeconfig for the bound address and writes it where the options say.</summary>
    public void Publish(Uri bound)
    {
        var server = new Uri(bound.GetLeftPart(UriPartial.Authority));
        if (_address is not null)
        {
            var host = _address.Equals(IPAddress.Any) || _address.Equals(IPAddress.IPv6Any) ? Dns.GetHostName() : _address.ToString();
            server = new UriBuilder("https", host, bound.Port).Uri;
        }

        Kubeconfig = Security.Kubeconfig.Build(server, _certificates?.AuthorityPem, _tokens?.KubeconfigToken);
        var mode = (_certificates, _tokens) switch
        {
            (null, null) => "plain HTTP on loopback, no authentication",
            (null, { } tokens) => $"plain HTTP on loopback, {tokens.Count} tokens",
            ({ } certificates, { } tokens) => $"TLS for {string.Join(", ", certificates.Names)} (CA {Path.Combine(options.Security.CertificateDirectory ?? ApiSecurityOptions.DefaultCertificateDirectory, ApiCertificates.AuthorityFile)}), {tokens.Count} tokens",
            _ => "TLS",
        };
        if (options.Security.KubeconfigPath is not { } path)
        {
            LogServing(logger, server.GetLeftPart(UriPartial.Authority), mode);
            return;
        }

        try
        {
            PrivateFiles.Write(path, Kubeconfig, secret: true);
            LogServingWithKubeconfig(logger, server.GetLeftPart(UriPartial.Authority), mode, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogKubeconfigNotWritten(logger, server.GetLeftPart(UriPartial.Authority), mode, path, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Kubernetes API: {Server} ({Mode}); kubeconfig: export KUBECONFIG={Path}")]
    private static partial void LogServingWithKubeconfig(ILogger logger, string server, string mode, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Kubernetes API: {Server} ({Mode})")]
    private static partial void LogServing(ILogger logger, string server, string mode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kubernetes API: {Server} ({Mode}); the kubeconfig could not be written to {Path}: {Reason} (okctl kubeconfig prints it)")]
    private static partial void LogKubeconfigNotWritten(ILogger logger, string server, string mode, string path, string reason);
}
