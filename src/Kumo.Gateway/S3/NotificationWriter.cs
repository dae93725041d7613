using System.Xml;
using Kumo.Abstractions.Objects;

namespace Kumo.Gateway.S3;

/// <summary>Writes a bucket's notification configuration as <c>GetBucketNotificationConfiguration</c> answers it.</summary>
internal static class NotificationWriter
{
    public static byte[] Write(BucketNotification? notification) => S3Xml.Document("NotificationConfiguration", writer =>
    {
        foreach (var function in notification?.Functions ?? [])
        {
            writer.WriteStartElement("CloudFunctionConfiguration");
            writer.Element("Id", function.Id);
            writer.Element("CloudFunction", function.FunctionArn);
            foreach (var eventType in function.Events)
            {
                writer.Element("Event", eventType);
            }

            if (function.Prefix is not null || function.Suffix is not null)
            {
                writer.WriteStartElement("Filter");
                writer.WriteStartElement("S3Key");
                Rule(writer, "Prefix", function.Prefix);
                Rule(writer, "Suffix", function.Suffix);
                writer.WriteEndElement();
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        }
    });

    private static void Rule(XmlWriter writer, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        writer.WriteStartElement("FilterRule");
        writer.Element("Name", name);
        writer.Element("Value", value);
        writer.WriteEndElement();
    }
}
