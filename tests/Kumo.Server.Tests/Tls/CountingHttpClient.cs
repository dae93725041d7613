using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Kumo.Server.Tests.Tls;

/// <summary>
/// A real <see cref="HttpClient"/> that sends every request, whatever its host name, to one server address and counts
/// the TCP connections it opens. Over TLS it trusts exactly one certificate — the one the server announced — and checks
/// the host name against it, as a client told to trust that file (<c>curl --cacert</c>) does.
/// </summary>
internal sealed class CountingHttpClient : IDisposable
{
    private int _connections;

    /// <param name="server">Where every connection goes, such as <c>http://127.0.0.1:7070</c>.</param>
    /// <param name="trusted">The only certificate to trust, for HTTPS; null for cleartext.</param>
    /// <param name="version">The HTTP version to ask for, and to accept only.</param>
    public CountingHttpClient(Uri server, X509Certificate2? trusted = null, Version? version = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new DnsEndPoint(server.Host, server.Port), cancellationToken);
                    Interlocked.Increment(ref _connections);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        if (trusted is not null)
        {
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => Trusts(trusted, certificate, errors),
            };
        }

        Http = new HttpClient(handler)
        {
            DefaultRequestVersion = version ?? HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    /// <summary>The client.</summary>
    public HttpClient Http { get; }

    /// <summary>How many TCP connections the client opened.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>The SHA-256 fingerprint of the certificate the server presented last, <c>AB:CD:…</c>.</summary>
    public string? PresentedFingerprint { get; private set; }

    public void Dispose() => Http.Dispose();

    private bool Trusts(X509Certificate2 trusted, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }

        using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        PresentedFingerprint = Convert.ToHexString(presented.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(presented);
    }
}
