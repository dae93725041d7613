using System.Security.Cryptography;
using System.Text;
using System.Xml;

namespace Kumo.Gateway.S3;

/// <summary>
/// The owner S3 names in listings and ACLs: a canonical user id (64 hex digits, stable per tenant, as S3's are per
/// account) and the tenant as its display name.
/// </summary>
internal static class S3Owner
{
    /// <summary>The tenant's canonical user id.</summary>
    public static string Id(string tenant) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("kumo-tenant:" + tenant)));

    /// <summary>Writes <c>&lt;{element}&gt;&lt;ID&gt;…&lt;/ID&gt;&lt;DisplayName&gt;…&lt;/DisplayName&gt;&lt;/{element}&gt;</c>.</summary>
    public static void Write(XmlWriter writer, string tenant, string element = "Owner")
    {
        writer.WriteStartElement(element);
        writer.Element("ID", Id(tenant));
        writer.Element("DisplayName", tenant);
        writer.WriteEndElement();
    }
}
