import { AWS_PARTITIONS, type AwsPartition, PARTITION_LABELS } from '../../../../shared/domain/aws.js';

/** The partition chosen in step 2 (default commercial AWS). */
export function partitionOf(values: Readonly<Record<string, string>>): AwsPartition {
  return AWS_PARTITIONS.find((p) => p === values.partition) ?? 'aws';
}

const PARTITION_HELP: Readonly<Record<AwsPartition, string>> = {
  aws: 'Commercial AWS regions (console.aws.amazon.com).',
  'aws-us-gov': 'AWS GovCloud (US): us-gov-west-1 and us-gov-east-1 (console.amazonaws-us-gov.com).',
  'aws-cn': 'AWS China: cn-north-1 and cn-northwest-1 (console.amazonaws.cn).',
};

/** Step 2's choice of the customer account's partition, each with where it lives. */
export const partitionOption = {
  name: 'partition',
  label: "The customer account's AWS partition",
  choices: (['aws', 'aws-us-gov', 'aws-cn'] as const).map((p) => ({ value: p, label: PARTITION_LABELS[p], help: PARTITION_HELP[p] })),
};
