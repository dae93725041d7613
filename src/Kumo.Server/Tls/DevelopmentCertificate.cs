using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kumo.Server.Configuration;

namespace Kumo.Server.Tls;

/// <summary>
/// Kumo's own self-signed certificate for the HTTPS port when the user gives none: made once and kept in the data
/// directory (<c>tls/kumo-dev.pem</c>, its key in <c>tls/kumo-dev.key</c>, readable by its owner only), so that a
/// client told to trust it once keeps trusting it. It is made again when it has expired or is about to, when the
/// names Kumo serves changed, or when the stored files cannot be read.
/// </summary>
internal static class DevelopmentCertificate
{
    /// <summary>The folder of the data directory that holds the certificate.</summary>
    public const string Folder = "tls";

    /// <summary>The certificate's file name: PEM, the file a client trusts.</summary>
    public const string CertificateFileName = "kumo-dev.pem";

    /// <summary>The private key's file name: PKCS#8 PEM, mode 0600.</summary>
    public const string KeyFileName = "kumo-dev.key";

    /// <summary>How long a new certificate is valid.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    /// <summary>A stored certificate this close to its end is made again, so that it does not expire while the server runs.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(7);

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode Readable = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>The stored certificate when it still fits, otherwise a new one, written to the data directory.</summary>
    /// <param name="dataDirectory">The absolute path of the data directory.</param>
    /// <param name="names">The names the certificate must hold.</param>
    /// <param name="now">The current time.</param>
    /// <exception cref="KumoStartupException">A new certificate cannot be written.</exception>
    public static ServerCertificate LoadOrCreate(string dataDirectory, CertificateNames names, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(names);
        var folder = Path.Combine(dataDirectory, Folder);
        var certificateFile = Path.Combine(folder, CertificateFileName);
        var keyFile = Path.Combine(folder, KeyFileName);
        var stored = LoadStored(certificateFile, keyFile, names, now, out var replaced);
        if (stored is not null)
        {
            return new ServerCertificate(stored, certificateFile, "self-signed by Kumo, kept from an earlier start");
        }

        var certificate = Create(names, now);
        try
        {
            Write(folder, certificateFile, keyFile, certificate);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            certificate.Dispose();
            throw new KumoStartupException(
                $"cannot write Kumo's TLS certificate to '{folder}' ({e.Message}). Let Kumo write its data directory, " +
                $"or give a certificate with {ServerSetting.TlsCert.Flag} and {ServerSetting.TlsKey.Flag}.", e);
        }

        return new ServerCertificate(certificate, certificateFile, "self-signed by Kumo, made now" + (replaced is null ? "" : $": {replaced}"));
    }

    /// <summary>
    /// The stored certificate with its key when it is readable, valid at <paramref name="now"/> for longer than
    /// <see cref="RenewBefore"/> and made for exactly <paramref name="names"/>; otherwise null, with why it is not used
    /// in <paramref name="replaced"/> (null when there is none).
    /// </summary>
    private static X509Certificate2? LoadStored(string certificateFile, string keyFile, CertificateNames names, DateTimeOffset now, out string? replaced)
    {
        replaced = null;
        if (!File.Exists(certificateFile) && !File.Exists(keyFile))
        {
            return null;
        }

        X509Certificate2 stored;
        try
        {
            stored = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            replaced = $"the stored one could not be read ({e.Message})";
            return null;
        }

        var notAfter = new DateTimeOffset(stored.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        replaced = notAfter <= now ? $"the stored one expired on {Day(notAfter)}"
            : notAfter - now < RenewBefore ? $"the stored one expires on {Day(notAfter)}"
            : !names.SameAs(DnsNames(stored), Addresses(stored)) ? "the host names Kumo serves changed"
            : null;
        if (replaced is null)
        {
            return stored;
        }

        stored.Dispose();
        return null;
    }

    private static X509Certificate2 Create(CertificateNames names, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Kumo development certificate, O=Kumo", key, HashAlgorithmName.SHA256);
        var alternativeNames = new SubjectAlternativeNameBuilder();
        foreach (var name in names.DnsNames)
        {
            alternativeNames.AddDnsName(name);
        }

        foreach (var address in names.Addresses)
        {
            alternativeNames.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(alternativeNames.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        // A few minutes back, for clients whose clock is a little behind this machine's.
        return request.CreateSelfSigned(now.AddMinutes(-5), now + Lifetime);
    }

    /// <summary>Writes the key (owner-only) and then the certificate, each to a temporary file renamed into place.</summary>
    private static void Write(string folder, string certificateFile, string keyFile, X509Certificate2 certificate)
    {
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using (var key = certificate.GetECDsaPrivateKey()!)
        {
            WriteAtomically(keyFile, key.ExportPkcs8PrivateKeyPem(), OwnerOnly);
        }

        WriteAtomically(certificateFile, certificate.ExportCertificatePem(), Readable);
    }

    private static void WriteAtomically(string path, string text, UnixFileMode mode)
    {
        var temporary = path + ".tmp";
        File.Delete(temporary);
        using (var file = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode }))
        using (var writer = new StreamWriter(file))
        {
            writer.Write(text);
            writer.Write('\n');
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static IEnumerable<string> DnsNames(X509Certificate2 certificate) =>
        AlternativeNames(certificate)?.EnumerateDnsNames() ?? [];

    private static IEnumerable<IPAddress> Addresses(X509Certificate2 certificate) =>
        AlternativeNames(certificate)?.EnumerateIPAddresses() ?? [];

    private static X509SubjectAlternativeNameExtension? AlternativeNames(X509Certificate2 certificate) =>
        certificate.Extensions.FirstOrDefault(e => e.Oid?.Value == "2.5.29.17") is { } extension
            ? new X509SubjectAlternativeNameExtension(extension.RawData, extension.Critical)
            : null;

    private static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
