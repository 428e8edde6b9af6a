/**
 * zod schemas for every documented field of the Huawei DNS and DCS batch-task answers.
 * Every field may be missing or null; unknown fields are kept (the API grows).
 */
import { z } from 'zod';

/** Counts are documented as integers but seen as strings in DCS answers. */
export const lenientNumber = z
  .union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)])
  .nullish();
const text = z.string().nullish();

export const dnsTaskSchema = z.looseObject({
  id: text,
  type: text,
  status: text,
  created_at: text,
  updated_at: text,
  success_count: lenientNumber,
  error_count: lenientNumber,
  total_count: lenientNumber,
});
export type DnsTask = z.infer<typeof dnsTaskSchema>;

export const dnsErrorItemSchema = z.looseObject({
  item: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
  error_code: text,
  error_message: text,
});

export const listDnsTasksSchema = z.looseObject({
  tasks: z.array(dnsTaskSchema).nullish(),
  metadata: z.looseObject({ total_count: lenientNumber }).nullish(),
});

export const showDnsTaskSchema = dnsTaskSchema.extend({
  error_items: z.array(dnsErrorItemSchema).nullish(),
  metadata: z.looseObject({ total_count: lenientNumber }).nullish(),
});

/** api-docs/huawei-dns-show-batch-create-recordsets-task.txt */
export const zoneCreateErrorItemSchema = z.looseObject({
  name: text,
  type: text,
  line: text,
  ttl: lenientNumber,
  weight: lenientNumber,
  records: z.array(z.string().nullish()).nullish(),
  description: text,
  status: text,
  error_code: text,
  error_message: text,
});

export const zoneCreateTaskSchema = z.looseObject({
  task_id: text,
  status: text,
  created_at: text,
  updated_at: text,
  total_count: lenientNumber,
  success_count: lenientNumber,
  error_count: lenientNumber,
  error_items: z.array(zoneCreateErrorItemSchema).nullish(),
});

/** api-docs/huawei-dcs-list-task-center-tasks.txt */
const scalar = z.union([z.string(), z.number(), z.boolean()]).nullish();
/** Numeric detail fields come back as numbers or strings; all are optional. */
export const dcsTaskDetailsSchema = z.looseObject({
  old_capacity: scalar, new_capacity: scalar, enable_public_ip: scalar, public_ip_id: scalar,
  public_ip_address: scalar, enable_ssl: scalar, old_cache_mode: scalar, new_cache_mode: scalar,
  old_resource_spec_code: scalar, new_resource_spec_code: scalar, old_replica_num: scalar,
  new_replica_num: scalar, old_cache_type: scalar, new_cache_type: scalar, replica_ip: scalar,
  replica_az: scalar, group_name: scalar, old_port: scalar, new_port: scalar,
  is_only_adjust_charging: scalar, account_name: scalar, source_ip: scalar, target_ip: scalar,
  node_name: scalar, rename_commands: z.array(z.string().nullish()).nullish(), updated_config_length: scalar,
});

export const dcsTaskSchema = z.looseObject({
  id: text,
  name: text,
  details: dcsTaskDetailsSchema.nullish(),
  user_name: text,
  user_id: text,
  params: text,
  status: text,
  created_at: text,
  updated_at: text,
  error_code: text,
  enable_show: z.boolean().nullish(),
  job_id: text,
});

export const listDcsTasksSchema = z.looseObject({
  task_count: lenientNumber,
  tasks: z.array(dcsTaskSchema).nullish(),
});

export const projectsSchema = z.looseObject({
  projects: z.array(z.looseObject({ id: text, name: text })).nullish(),
});

export const gatewayErrorSchema = z.looseObject({
  error_code: text,
  error_msg: text,
  error_ext_msg: text,
  request_id: text,
  code: text,
  message: text,
});
