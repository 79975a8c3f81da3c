"""Structural checks of a SARIF 2.1.0 log, for the objects fxlint writes.

sarif_schema_test.py validates against the official schema with real validators where setup.sh
--python installed them; this module restates the schema's rules for the objects fxlint writes, so
every build (the sanitizer build too) checks them: each object's allowed properties (the schema
forbids others), its required ones, and the types, enumerations, minimums and uniqueness of the
values fxlint fills in. Objects are named as in the spec (OASIS SARIF 2.1.0 Errata 01, section 3:
sarifLog 3.13, run 3.14, tool 3.18, toolComponent 3.19, invocation 3.20, result 3.27, location 3.28,
physicalLocation 3.29, region 3.30, codeFlow 3.36, threadFlow 3.37, threadFlowLocation 3.38,
reportingDescriptor 3.49, reportingConfiguration 3.50, notification 3.58, message 3.11,
multiformatMessageString 3.12, artifactLocation 3.4, property bag 3.8). Properties fxlint never writes
are allowed by name and not looked into.

Beyond the schema, cross-references the spec states in prose: result.ruleIndex points at the rule
whose id is result.ruleId; a uriBaseId is defined in run.originalUriBaseIds, whose URIs end with '/';
regions do not end before they start.
"""

ANY = "any"
LEVELS = ["none", "note", "warning", "error"]

# name: (required properties, {property: value spec}); a spec is ANY, a type name ("string",
# "boolean", "integer"), ("min", n) for an integer >= n, ("enum", values), ("object", definition),
# ("array", item spec, min items, unique), ("map", value spec), or ("bag",) for a property bag.
DEFINITIONS = {
    "sarifLog": (["version", "runs"], {
        "$schema": "string", "version": ("enum", ["2.1.0"]), "runs": ("array", ("object", "run"), 0, False),
        "inlineExternalProperties": ANY, "properties": ("bag",)}),
    "run": (["tool"], {
        "tool": ("object", "tool"), "invocations": ("array", ("object", "invocation"), 0, False),
        "conversion": ANY, "language": "string", "versionControlProvenance": ANY,
        "originalUriBaseIds": ("map", ("object", "artifactLocation")), "artifacts": ANY,
        "logicalLocations": ANY, "graphs": ANY, "results": ("array", ("object", "result"), 0, False),
        "automationDetails": ANY, "runAggregates": ANY, "baselineGuid": ANY, "redactionTokens": ANY,
        "defaultEncoding": "string", "defaultSourceLanguage": "string", "newlineSequences": ANY,
        "columnKind": ("enum", ["utf16CodeUnits", "unicodeCodePoints"]),
        "externalPropertyFileReferences": ANY, "threadFlowLocations": ANY, "taxonomies": ANY,
        "addresses": ANY, "translations": ANY, "policies": ANY, "webRequests": ANY, "webResponses": ANY,
        "specialLocations": ANY, "properties": ("bag",)}),
    "tool": (["driver"], {
        "driver": ("object", "toolComponent"), "extensions": ANY, "properties": ("bag",)}),
    "toolComponent": (["name"], {
        "guid": ANY, "name": "string", "organization": "string", "product": "string", "productSuite": "string",
        "shortDescription": ("object", "multiformatMessageString"),
        "fullDescription": ("object", "multiformatMessageString"), "fullName": "string", "version": "string",
        "semanticVersion": "string", "dottedQuadFileVersion": ANY, "releaseDateUtc": "string",
        "downloadUri": "string", "informationUri": "string", "globalMessageStrings": ANY, "notifications": ANY,
        "rules": ("array", ("object", "reportingDescriptor"), 0, True), "taxa": ANY, "locations": ANY,
        "language": "string", "contents": ANY, "isComprehensive": "boolean", "localizedDataSemanticVersion": ANY,
        "minimumRequiredLocalizedDataSemanticVersion": ANY, "associatedComponent": ANY,
        "translationMetadata": ANY, "supportedTaxonomies": ANY, "properties": ("bag",)}),
    "reportingDescriptor": (["id"], {
        "id": "string", "deprecatedIds": ANY, "guid": ANY, "deprecatedGuids": ANY, "name": "string",
        "deprecatedNames": ANY, "shortDescription": ("object", "multiformatMessageString"),
        "fullDescription": ("object", "multiformatMessageString"), "messageStrings": ANY,
        "defaultConfiguration": ("object", "reportingConfiguration"), "helpUri": "string",
        "help": ("object", "multiformatMessageString"), "relationships": ANY, "properties": ("bag",)}),
    "reportingConfiguration": ([], {
        "enabled": "boolean", "level": ("enum", LEVELS), "rank": ANY, "parameters": ("bag",),
        "properties": ("bag",)}),
    "multiformatMessageString": (["text"], {"text": "string", "markdown": "string", "properties": ("bag",)}),
    "message": ([], {"text": "string", "markdown": "string", "id": "string", "arguments": ANY,
                     "properties": ("bag",)}),
    "invocation": (["executionSuccessful"], {
        "commandLine": "string", "arguments": ANY, "responseFiles": ANY, "startTimeUtc": "string",
        "endTimeUtc": "string", "exitCode": "integer", "ruleConfigurationOverrides": ANY,
        "notificationConfigurationOverrides": ANY,
        "toolExecutionNotifications": ("array", ("object", "notification"), 0, False),
        "toolConfigurationNotifications": ("array", ("object", "notification"), 0, False),
        "exitCodeDescription": "string", "exitSignalName": "string", "exitSignalNumber": "integer",
        "processStartFailureMessage": "string", "executionSuccessful": "boolean", "machine": "string",
        "account": "string", "processId": "integer", "executableLocation": ANY, "workingDirectory": ANY,
        "environmentVariables": ANY, "stdin": ANY, "stdout": ANY, "stderr": ANY, "stdoutStderr": ANY,
        "properties": ("bag",)}),
    "notification": (["message"], {
        "locations": ANY, "message": ("object", "message"), "level": ("enum", LEVELS), "threadId": "integer",
        "timeUtc": "string", "exception": ANY, "descriptor": ANY, "associatedRule": ANY,
        "properties": ("bag",)}),
    "result": (["message"], {
        "ruleId": "string", "ruleIndex": ("min", -1), "rule": ANY,
        "kind": ("enum", ["notApplicable", "pass", "fail", "review", "open", "informational"]),
        "level": ("enum", LEVELS), "message": ("object", "message"), "analysisTarget": ANY,
        "locations": ("array", ("object", "location"), 0, False), "guid": ANY, "correlationGuid": ANY,
        "occurrenceCount": ("min", 1), "partialFingerprints": ("map", "string"), "fingerprints": ("map", "string"),
        "stacks": ANY, "codeFlows": ("array", ("object", "codeFlow"), 0, False), "graphs": ANY,
        "graphTraversals": ANY, "relatedLocations": ("array", ("object", "location"), 0, True),
        "suppressions": ANY, "baselineState": ANY, "rank": ANY, "attachments": ANY, "hostedViewerUri": ANY,
        "workItemUris": ANY, "provenance": ANY, "fixes": ANY, "taxa": ANY, "webRequest": ANY,
        "webResponse": ANY, "properties": ("bag",)}),
    "location": ([], {
        "id": ("min", -1), "physicalLocation": ("object", "physicalLocation"), "logicalLocations": ANY,
        "message": ("object", "message"), "annotations": ANY, "relationships": ANY, "properties": ("bag",)}),
    "physicalLocation": ([], {
        "address": ANY, "artifactLocation": ("object", "artifactLocation"), "region": ("object", "region"),
        "contextRegion": ("object", "region"), "properties": ("bag",)}),
    "artifactLocation": ([], {
        "uri": "string", "uriBaseId": "string", "index": ("min", -1), "description": ("object", "message"),
        "properties": ("bag",)}),
    "region": ([], {
        "startLine": ("min", 1), "startColumn": ("min", 1), "endLine": ("min", 1), "endColumn": ("min", 1),
        "charOffset": ("min", -1), "charLength": ("min", 0), "byteOffset": ("min", -1), "byteLength": ("min", 0),
        "snippet": ANY, "message": ("object", "message"), "sourceLanguage": "string", "properties": ("bag",)}),
    "codeFlow": (["threadFlows"], {
        "message": ("object", "message"), "threadFlows": ("array", ("object", "threadFlow"), 1, False),
        "properties": ("bag",)}),
    "threadFlow": (["locations"], {
        "id": "string", "message": ("object", "message"), "initialState": ANY, "immutableState": ANY,
        "locations": ("array", ("object", "threadFlowLocation"), 1, False), "properties": ("bag",)}),
    "threadFlowLocation": ([], {
        "index": ("min", -1), "location": ("object", "location"), "stack": ANY, "kinds": ANY, "taxa": ANY,
        "module": "string", "state": ANY, "nestingLevel": ("min", 0), "executionOrder": ("min", -1),
        "executionTimeUtc": "string", "importance": ("enum", ["important", "essential", "unimportant"]),
        "webRequest": ANY, "webResponse": ANY, "properties": ("bag",)}),
}

# anyOf constraints: at least one of these properties.
ONE_OF_NEEDED = {
    "message": ["text", "id"],
    "physicalLocation": ["address", "artifactLocation"],
    "region": ["startLine", "charOffset", "byteOffset"],
}


def _is_integer(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _check_value(spec, value, path, out):
    if spec == ANY:
        return
    if spec == "string":
        if not isinstance(value, str):
            out.append(f"{path}: expected a string, got {value!r}")
    elif spec == "boolean":
        if not isinstance(value, bool):
            out.append(f"{path}: expected true or false, got {value!r}")
    elif spec == "integer":
        if not _is_integer(value):
            out.append(f"{path}: expected an integer, got {value!r}")
    elif spec[0] == "min":
        if not _is_integer(value) or value < spec[1]:
            out.append(f"{path}: expected an integer >= {spec[1]}, got {value!r}")
    elif spec[0] == "enum":
        if value not in spec[1]:
            out.append(f"{path}: {value!r} is not one of {spec[1]}")
    elif spec[0] == "object":
        check_object(spec[1], value, path, out)
    elif spec[0] == "array":
        _, item, min_items, unique = spec
        if not isinstance(value, list):
            out.append(f"{path}: expected an array")
            return
        if len(value) < min_items:
            out.append(f"{path}: needs at least {min_items} item(s)")
        if unique and len({repr(v) for v in value}) != len(value):
            out.append(f"{path}: items must be unique")
        for i, v in enumerate(value):
            _check_value(item, v, f"{path}[{i}]", out)
    elif spec[0] == "map":
        if not isinstance(value, dict):
            out.append(f"{path}: expected an object")
            return
        for key, v in value.items():
            _check_value(spec[1], v, f"{path}.{key}", out)
    elif spec[0] == "bag":
        if not isinstance(value, dict):
            out.append(f"{path}: a property bag is an object")
        elif "tags" in value:
            tags = value["tags"]
            if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags) or len(set(tags)) != len(tags):
                out.append(f"{path}.tags: must be distinct strings")


def check_object(name, value, path, out):
    if not isinstance(value, dict):
        out.append(f"{path}: expected a {name} object")
        return
    required, properties = DEFINITIONS[name]
    for key in required:
        if key not in value:
            out.append(f"{path}: {name} requires `{key}`")
    if name in ONE_OF_NEEDED and not any(key in value for key in ONE_OF_NEEDED[name]):
        out.append(f"{path}: {name} needs one of {ONE_OF_NEEDED[name]}")
    for key, v in value.items():
        if key not in properties:
            out.append(f"{path}: `{key}` is not a property of {name}")
        else:
            _check_value(properties[key], v, f"{path}.{key}", out)


def _regions(node, path):
    """Every region object below node, with its path."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("region", "contextRegion") and isinstance(value, dict):
                yield f"{path}.{key}", value
            yield from _regions(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _regions(value, f"{path}[{i}]")


def _artifact_locations(node, path):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "artifactLocation" and isinstance(value, dict):
                yield f"{path}.{key}", value
            yield from _artifact_locations(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _artifact_locations(value, f"{path}[{i}]")


def problems(log):
    """Everything wrong with `log` (a parsed SARIF document), as readable lines; empty when valid."""
    out = []
    check_object("sarifLog", log, "$", out)
    for r, run in enumerate(log.get("runs") or []):
        if not isinstance(run, dict):
            continue
        where = f"$.runs[{r}]"
        rules = (((run.get("tool") or {}).get("driver") or {}).get("rules")) or []
        ids = [rule.get("id") for rule in rules if isinstance(rule, dict)]
        if len(set(ids)) != len(ids):
            out.append(f"{where}.tool.driver.rules: rule ids must be distinct")
        for i, result in enumerate(run.get("results") or []):
            if not isinstance(result, dict) or "ruleIndex" not in result:
                continue
            index = result["ruleIndex"]
            if not (_is_integer(index) and 0 <= index < len(rules)):
                out.append(f"{where}.results[{i}].ruleIndex: {index!r} is not an index into tool.driver.rules")
            elif "ruleId" in result and rules[index].get("id") != result["ruleId"]:
                out.append(f"{where}.results[{i}]: ruleIndex {index} is {rules[index].get('id')}, not {result['ruleId']}")
        bases = run.get("originalUriBaseIds") or {}
        for name, base in bases.items():
            if isinstance(base, dict) and "uri" in base and not str(base["uri"]).endswith("/"):
                out.append(f"{where}.originalUriBaseIds.{name}.uri: must end with '/'")
        for path, location in _artifact_locations(run.get("results") or [], f"{where}.results"):
            if "uriBaseId" in location and location["uriBaseId"] not in bases:
                out.append(f"{path}: uriBaseId {location['uriBaseId']!r} is not in run.originalUriBaseIds")
        for path, region in _regions(run.get("results") or [], f"{where}.results"):
            start, end = region.get("startLine"), region.get("endLine", region.get("startLine"))
            if _is_integer(start) and _is_integer(end):
                if end < start:
                    out.append(f"{path}: ends on line {end}, before it starts on line {start}")
                elif end == start and region.get("endColumn", 1 << 30) < region.get("startColumn", 1):
                    out.append(f"{path}: ends at a column before its start column")
    return out
