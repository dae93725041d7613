using System.Text;
using Kumo.Gateway.S3;

namespace Kumo.Gateway.Tests.S3;

/// <summary>Reading and writing the <c>WebsiteConfiguration</c> document of Put/GetBucketWebsite, with S3's checks.</summary>
public sealed class WebsiteXmlTests
{
    private const string Ns = "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";

    private static S3Error? Read(string xml, out WebsiteConfiguration? configuration) =>
        WebsiteXml.Read(Encoding.UTF8.GetBytes(xml), out configuration);

    private static WebsiteConfiguration Valid(string xml)
    {
        var error = Read(xml, out var configuration);
        Assert.True(error is null, $"{error?.Code}: {error?.Message}");
        return configuration!;
    }

    [Fact]
    public void Read_IndexAndErrorDocument_AsTheAwsCliSendsThem()
    {
        var site = Valid($"<WebsiteConfiguration {Ns}><IndexDocument><Suffix>index.html</Suffix></IndexDocument><ErrorDocument><Key>error.html</Key></ErrorDocument></WebsiteConfiguration>");

        Assert.Equal(("index.html", "error.html"), (site.IndexSuffix, site.ErrorKey));
        Assert.Null(site.RedirectAllRequestsTo);
        Assert.Empty(site.RoutingRules);
    }

    [Fact]
    public void Read_RoutingRules_KeepsEveryConditionAndRedirectInOrder()
    {
        var site = Valid($"""
            <WebsiteConfiguration {Ns}>
              <IndexDocument><Suffix>index.html</Suffix></IndexDocument>
              <RoutingRules>
                <RoutingRule><Condition><KeyPrefixEquals>docs/</KeyPrefixEquals></Condition><Redirect><ReplaceKeyPrefixWith>documents/</ReplaceKeyPrefixWith></Redirect></RoutingRule>
                <RoutingRule><Condition><HttpErrorCodeReturnedEquals>404</HttpErrorCodeReturnedEquals></Condition>
                  <Redirect><HostName>example.com</HostName><Protocol>https</Protocol><ReplaceKeyWith>missing.html</ReplaceKeyWith><HttpRedirectCode>302</HttpRedirectCode></Redirect></RoutingRule>
                <RoutingRule><Redirect><Protocol>https</Protocol></Redirect></RoutingRule>
              </RoutingRules>
            </WebsiteConfiguration>
            """);

        Assert.Equal(3, site.RoutingRules.Count);
        Assert.Equal(new WebsiteRoutingRule { KeyPrefixEquals = "docs/", ReplaceKeyPrefixWith = "documents/" }, site.RoutingRules[0]);
        Assert.Equal(
            new WebsiteRoutingRule { HttpErrorCodeReturnedEquals = 404, HostName = "example.com", Protocol = "https", ReplaceKeyWith = "missing.html", HttpRedirectCode = 302 },
            site.RoutingRules[1]);
        Assert.False(site.RoutingRules[2].HasCondition);
    }

    [Fact]
    public void Read_RedirectAllRequestsTo_IsAllThereIs()
    {
        var site = Valid($"<WebsiteConfiguration {Ns}><RedirectAllRequestsTo><HostName>www.example.com</HostName><Protocol>https</Protocol></RedirectAllRequestsTo></WebsiteConfiguration>");

        Assert.Equal(new WebsiteHostRedirect("www.example.com", "https"), site.RedirectAllRequestsTo);
        Assert.Null(site.IndexSuffix);
    }

    [Theory]
    [InlineData("<WebsiteConfiguration/>", "InvalidArgument", "A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty")]
    [InlineData("<WebsiteConfiguration><IndexDocument><Suffix></Suffix></IndexDocument></WebsiteConfiguration>", "InvalidArgument", "The IndexDocument Suffix is not well formed")]
    [InlineData("<WebsiteConfiguration><IndexDocument><Suffix>a/index.html</Suffix></IndexDocument></WebsiteConfiguration>", "InvalidArgument", "The IndexDocument Suffix is not well formed")]
    [InlineData("<WebsiteConfiguration><IndexDocument><Suffix>i.html</Suffix></IndexDocument><ErrorDocument><Key></Key></ErrorDocument></WebsiteConfiguration>", "InvalidArgument", "The ErrorDocument Key is not well formed")]
    [InlineData("<WebsiteConfiguration><RedirectAllRequestsTo><HostName>a.example</HostName></RedirectAllRequestsTo><IndexDocument><Suffix>i.html</Suffix></IndexDocument></WebsiteConfiguration>", "InvalidArgument", "RedirectAllRequestsTo cannot be provided in conjunction with other Routing Rules.")]
    [InlineData("<WebsiteConfiguration><RedirectAllRequestsTo><Protocol>https</Protocol></RedirectAllRequestsTo></WebsiteConfiguration>", "InvalidArgument", "A host name must be provided in RedirectAllRequestsTo.")]
    [InlineData("<WebsiteConfiguration><RedirectAllRequestsTo><HostName>a.example</HostName><Protocol>ftp</Protocol></RedirectAllRequestsTo></WebsiteConfiguration>", "InvalidArgument", "Invalid protocol, protocol can be http or https.")]
    [InlineData("<WebsiteConfiguration><IndexDocument><Suffix>i.html</Suffix></IndexDocument><RoutingRules><RoutingRule><Condition/><Redirect><Protocol>https</Protocol></Redirect></RoutingRule></RoutingRules></WebsiteConfiguration>", "InvalidArgument", "Condition cannot be empty.")]
    [InlineData("<WebsiteConfiguration><IndexDocument><Suffix>i.html</Suffix></IndexDocument><RoutingRules><RoutingRule><Condition><KeyPrefixEquals>a</KeyPrefixEquals></Condition></RoutingRule></RoutingRules></WebsiteConfiguration>", "InvalidArgument", "A Redirect must be provided for each RoutingRule.")]
    [InlineData("<WebsiteConfiguration><IndexDocument><Suffix>i.html</Suffix></IndexDocument><RoutingRules><RoutingRule><Redirect/></RoutingRule></RoutingRules></WebsiteConfiguration>", "InvalidArgument", "Redirect cannot be empty")]
    [InlineData("<WebsiteConfiguration><IndexDocument><Suffix>i.html</Suffix></IndexDocument><RoutingRules><RoutingRule><Redirect><ReplaceKeyWith>a</ReplaceKeyWith><ReplaceKeyPrefixWith>b</ReplaceKeyPrefixWith></Redirect></RoutingRule></RoutingRules></WebsiteConfiguration>", "InvalidArgument", "You can only define ReplaceKeyPrefix or ReplaceKey but not both.")]
    [InlineData("<WebsiteConfiguration><IndexDocument><Suffix>i.html</Suffix></IndexDocument><RoutingRules><RoutingRule><Redirect><HttpRedirectCode>300</HttpRedirectCode></Redirect></RoutingRule></RoutingRules></WebsiteConfiguration>", "InvalidArgument", "The provided HTTP redirect code (300) is not valid. Valid codes are 3XX except 300.")]
    [InlineData("<WebsiteConfiguration><IndexDocument><Suffix>i.html</Suffix></IndexDocument><RoutingRules><RoutingRule><Condition><HttpErrorCodeReturnedEquals>302</HttpErrorCodeReturnedEquals></Condition><Redirect><Protocol>https</Protocol></Redirect></RoutingRule></RoutingRules></WebsiteConfiguration>", "InvalidArgument", "The provided HTTP error code (302) is not valid. Valid codes are 4XX or 5XX.")]
    [InlineData("<WebsiteConfiguration><IndexDocument><Suffix>i.html</Suffix><Extra/></IndexDocument></WebsiteConfiguration>", "MalformedXML", "")]
    [InlineData("<WebsiteConfiguration><IndexDocument><Suffix>i.html</Suffix></IndexDocument><IndexDocument><Suffix>j.html</Suffix></IndexDocument></WebsiteConfiguration>", "MalformedXML", "")]
    [InlineData("<WebsiteConfiguration><Unknown/><IndexDocument><Suffix>i.html</Suffix></IndexDocument></WebsiteConfiguration>", "MalformedXML", "")]
    [InlineData("<Website><IndexDocument><Suffix>i.html</Suffix></IndexDocument></Website>", "MalformedXML", "")]
    [InlineData("<WebsiteConfiguration><IndexDocument>", "MalformedXML", "")]
    [InlineData("", "MalformedXML", "")]
    public void Read_WhatS3Refuses_IsRefusedWithS3sCodeAndMessage(string xml, string code, string message)
    {
        var error = Read(xml, out var configuration);

        Assert.NotNull(error);
        Assert.Equal(code, error.Code);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Null(configuration);
    }

    [Fact]
    public void Read_MoreThan50RoutingRules_IsRefused()
    {
        var rules = string.Concat(Enumerable.Repeat("<RoutingRule><Redirect><Protocol>https</Protocol></Redirect></RoutingRule>", 51));

        var error = Read($"<WebsiteConfiguration><IndexDocument><Suffix>i.html</Suffix></IndexDocument><RoutingRules>{rules}</RoutingRules></WebsiteConfiguration>", out _);

        Assert.Equal(("InvalidArgument", "The number of routing rules must not exceed 50."), (error?.Code, error?.Message));
    }

    [Fact]
    public void Read_Doctype_IsRefused()
    {
        var error = Read("<!DOCTYPE x [<!ENTITY e \"i.html\">]><WebsiteConfiguration><IndexDocument><Suffix>&e;</Suffix></IndexDocument></WebsiteConfiguration>", out _);

        Assert.Equal("MalformedXML", error?.Code);
    }

    [Fact]
    public void Write_ThenRead_GivesTheSameConfiguration()
    {
        var site = new WebsiteConfiguration
        {
            IndexSuffix = "index.html",
            ErrorKey = "errors/404.html",
            RoutingRules =
            [
                new WebsiteRoutingRule { KeyPrefixEquals = "old/", HttpErrorCodeReturnedEquals = 404, ReplaceKeyPrefixWith = "new/", HttpRedirectCode = 307 },
                new WebsiteRoutingRule { HostName = "other.example", Protocol = "http", ReplaceKeyWith = "x" },
            ],
        };

        var xml = WebsiteXml.Write(site);
        var read = Valid(Encoding.UTF8.GetString(xml));

        Assert.Equal(site.IndexSuffix, read.IndexSuffix);
        Assert.Equal(site.ErrorKey, read.ErrorKey);
        Assert.Equal(site.RoutingRules, read.RoutingRules);
        Assert.Contains("<WebsiteConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><IndexDocument><Suffix>index.html</Suffix></IndexDocument><ErrorDocument>",
            Encoding.UTF8.GetString(xml), StringComparison.Ordinal);
    }
}
