using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kumo.Server.Configuration;

namespace Kumo.Server.Tls;

/// <summary>
/// Reads a certificate and its private key that the user names with <c>--tls-cert</c> and <c>--tls-key</c>, and
/// says exactly what is wrong when they cannot be used: a file missing or unreadable, no certificate or no key in
/// it, an encrypted key, or a key that belongs to another certificate. The certificate file may go on with the
/// intermediate certificates (a "full chain" file, as ACME clients write it); they are sent with it.
/// </summary>
internal static class PemCertificateFiles
{
    // The PEM labels of an unencrypted private key: PKCS#8, and the older PKCS#1 (RSA) and SEC 1 (EC) forms.
    private static readonly string[] KeyLabels = ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"];

    private const string EncryptedKeyLabel = "ENCRYPTED PRIVATE KEY";

    /// <summary>
    /// Loads the first certificate in <paramref name="certificateFile"/> with the key in <paramref name="keyFile"/>
    /// (absolute paths), and the certificates after it as its chain.
    /// </summary>
    /// <exception cref="KumoStartupException">The files cannot be used; the message says why and what to do.</exception>
    public static ServerCertificate Load(string certificateFile, string keyFile)
    {
        var certificateText = Read(certificateFile, ServerSetting.TlsCert, "certificate");
        var keyText = Read(keyFile, ServerSetting.TlsKey, "private key");
        try
        {
            using var publicPart = X509Certificate2.CreateFromPem(certificateText);
        }
        catch (CryptographicException)
        {
            throw new KumoStartupException(
                $"TLS certificate file '{certificateFile}' ({Names(ServerSetting.TlsCert)}) holds no PEM certificate " +
                "(a block that begins '-----BEGIN CERTIFICATE-----'). Name the certificate's PEM file, not its key or a DER file.");
        }

        var labels = Labels(keyText);
        if (labels.Contains(EncryptedKeyLabel) && !labels.Overlaps(KeyLabels))
        {
            throw new KumoStartupException(
                $"TLS private key file '{keyFile}' ({Names(ServerSetting.TlsKey)}) is encrypted with a passphrase, which Kumo cannot ask for. " +
                "Give it the key unencrypted, for example from 'openssl pkey -in key.pem -out key-plain.pem' (keep that file private).");
        }

        if (!labels.Overlaps(KeyLabels))
        {
            throw new KumoStartupException(
                $"TLS private key file '{keyFile}' ({Names(ServerSetting.TlsKey)}) holds no PEM private key " +
                "(a block that begins '-----BEGIN PRIVATE KEY-----'). Name the certificate's key file.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(certificateText, keyText);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new KumoStartupException(
                $"TLS private key file '{keyFile}' ({Names(ServerSetting.TlsKey)}) does not belong to the certificate in '{certificateFile}' " +
                $"({Names(ServerSetting.TlsCert)}): give the key the certificate was made for.", e);
        }

        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(certificateText);
        foreach (var same in chain.Where(c => c.Thumbprint == certificate.Thumbprint).ToList())
        {
            chain.Remove(same);
            same.Dispose();
        }

        return new ServerCertificate(certificate, certificateFile, "yours", chain);
    }

    private static string Read(string path, ServerSetting setting, string what)
    {
        if (Directory.Exists(path))
        {
            throw new KumoStartupException($"TLS {what} file '{path}' ({Names(setting)}) is a directory: name a PEM file.");
        }

        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new KumoStartupException($"TLS {what} file '{path}' ({Names(setting)}) does not exist: name an existing PEM file.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KumoStartupException($"TLS {what} file '{path}' ({Names(setting)}) cannot be read ({e.Message}): let Kumo's user read it.", e);
        }
    }

    private static HashSet<string> Labels(string pem)
    {
        var labels = new HashSet<string>(StringComparer.Ordinal);
        var rest = pem.AsMemory();
        while (PemEncoding.TryFind(rest.Span, out var fields))
        {
            labels.Add(rest.Span[fields.Label].ToString());
            rest = rest[fields.Location.End..];
        }

        return labels;
    }

    private static string Names(ServerSetting setting) => $"{setting.Flag} / {setting.EnvironmentVariable}";
}
