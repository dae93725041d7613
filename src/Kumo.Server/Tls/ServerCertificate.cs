using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kumo.Server.Configuration;

namespace Kumo.Server.Tls;

/// <summary>The certificate the HTTPS port presents, with where it came from, for the start-up banner.</summary>
/// <param name="certificate">The certificate, with its private key.</param>
/// <param name="certificateFile">The absolute path of its PEM file.</param>
/// <param name="description">Where it came from, in a few words.</param>
/// <param name="chain">The intermediate certificates sent with it; none for a self-signed one.</param>
internal sealed class ServerCertificate(X509Certificate2 certificate, string certificateFile, string description, X509Certificate2Collection? chain = null)
    : IDisposable
{
    /// <summary>The certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; } = certificate;

    /// <summary>The intermediate certificates sent with <see cref="Certificate"/>, from the lines after it in the user's file.</summary>
    public X509Certificate2Collection Chain { get; } = chain ?? [];

    /// <summary>The absolute path of the PEM file that holds the certificate: what a client trusts (<c>curl --cacert</c>).</summary>
    public string CertificateFile { get; } = certificateFile;

    /// <summary>Where the certificate came from, in a few words: given by the user, made now (and why), or kept from an earlier start.</summary>
    public string Description { get; } = description;

    /// <summary>The certificate's SHA-256 fingerprint as <c>openssl x509 -fingerprint -sha256</c> prints it: <c>AB:CD:…</c>.</summary>
    public string Fingerprint => Sha256Fingerprint(Certificate);

    /// <summary>
    /// The certificate for <paramref name="tls"/>: the user's PEM files when named, otherwise Kumo's own self-signed one
    /// in <paramref name="dataDirectory"/>, made or remade as needed.
    /// </summary>
    /// <exception cref="KumoStartupException">The user's files cannot be used, or Kumo's own cannot be written.</exception>
    public static ServerCertificate For(TlsOptions tls, string dataDirectory, CertificateNames names, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tls);
        if (tls.CertificateFile is { } certificateFile && tls.KeyFile is { } keyFile)
        {
            return PemCertificateFiles.Load(Path.GetFullPath(certificateFile), Path.GetFullPath(keyFile));
        }

        return DevelopmentCertificate.LoadOrCreate(dataDirectory, names, now);
    }

    /// <summary>The SHA-256 fingerprint of <paramref name="certificate"/>, as colon-separated upper-case hex.</summary>
    public static string Sha256Fingerprint(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var hex = Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256));
        return string.Join(':', Enumerable.Range(0, hex.Length / 2).Select(i => hex.Substring(i * 2, 2)));
    }

    /// <summary>Releases the certificate's key and the chain.</summary>
    public void Dispose()
    {
        Certificate.Dispose();
        foreach (var link in Chain)
        {
            link.Dispose();
        }
    }
}
