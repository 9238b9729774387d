import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../support/golden.js';

// HashiCorp's own HCL parser (compiled to WebAssembly) reads every reviewed Terraform file, so a
// quoting slip shows up here rather than in a customer's `terraform plan`.
const GOLDEN = 'test/fixtures/golden';
const tfFiles = listFiles(GOLDEN).filter((p) => p.endsWith('.tf'));

type Block = Record<string, Record<string, Record<string, unknown>[]>>;

describe('Terraform artifacts', () => {
  it('there are Terraform files for AWS, Azure and GCP to check', () => {
    expect(tfFiles.some((p) => p.includes('/aws/'))).toBe(true);
    expect(tfFiles.some((p) => p.includes('/azure/'))).toBe(true);
    expect(tfFiles.some((p) => p.includes('/gcp/'))).toBe(true);
  });

  for (const path of tfFiles) {
    it(`${path} is valid HCL`, async () => {
      const parsed = await parse(path, readFileSync(join(GOLDEN, path), 'utf8'));
      expect(Object.keys(parsed)).toContain('resource');
    });
  }

  it("the AWS role's trust policy is the same document as trust_policy.json", async () => {
    const dir = join(GOLDEN, 'pack-acme-prod/aws');
    const parsed = (await parse('main.tf', readFileSync(join(dir, 'main.tf'), 'utf8'))) as { resource: Block };
    const role = parsed.resource.aws_iam_role!.alphaswarm_broker![0]!;
    // The partition is Terraform's own (data "aws_partition"): filled in, it is the commercial one.
    const filled = (role.assume_role_policy as string).replace('${data.aws_partition.current.partition}', 'aws');
    expect(JSON.parse(filled)).toEqual(JSON.parse(readFileSync(join(dir, 'trust_policy.json'), 'utf8')));
    expect(parsed.resource.aws_iam_role_policy_attachment!.read_only![0]!.policy_arn).toBe('arn:${data.aws_partition.current.partition}:iam::aws:policy/ReadOnlyAccess');
  });

  it("the GCP provider pins the org's subject and the binding names it exactly", async () => {
    const parsed = (await parse('main.tf', readFileSync(join(GOLDEN, 'pack-acme-prod/gcp/main.tf'), 'utf8'))) as { resource: Block };
    const provider = parsed.resource.google_iam_workload_identity_pool_provider!.alphaswarm![0]!;
    expect(provider.attribute_condition).toBe("assertion.sub == 'alphaswarm:org:acme-prod'");
    expect(parsed.resource.google_service_account_iam_member!.alphaswarm![0]!.member).toBe(
      'principal://iam.googleapis.com/${google_iam_workload_identity_pool.alphaswarm.name}/subject/alphaswarm:org:acme-prod',
    );
  });

  it("the Azure credential matches federated_credential.json's issuer, subject and audience", async () => {
    const dir = join(GOLDEN, 'pack-acme-prod/azure');
    const parsed = (await parse('t.tf', readFileSync(join(dir, 'alphaswarm-tenant.tf'), 'utf8'))) as { resource: Block };
    const credential = parsed.resource.azuread_application_federated_identity_credential!.alphaswarm![0]!;
    const json = JSON.parse(readFileSync(join(dir, 'federated_credential.json'), 'utf8'));
    expect({ issuer: credential.issuer, subject: credential.subject, audiences: credential.audiences, display_name: credential.display_name }).toEqual({
      issuer: json.issuer,
      subject: json.subject,
      audiences: json.audiences,
      display_name: json.name,
    });
  });
});
