using System.Text.Json;
using System.Text.Json.Nodes;

namespace Runflow.AI.Extensions.Testing;

/// <summary>Compares JSON texts as normalised JSON: the same members and values, whatever their order and spacing.</summary>
internal static class JsonAssert
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public static void Equal(string expected, string actual)
    {
        JsonNode? expectedNode = JsonNode.Parse(expected);
        JsonNode? actualNode = JsonNode.Parse(actual);
        if (!JsonNode.DeepEquals(expectedNode, actualNode))
        {
            Assert.Fail($"JSON differs.\nExpected:\n{expectedNode?.ToJsonString(s_indented)}\nActual:\n{actualNode?.ToJsonString(s_indented)}");
        }
    }
}
