/**
 * zod schemas for every documented field of the Huawei DNS and DCS batch-task answers,
 * built from the shared lenient fields (../shape): an absent, null or off-type field costs
 * that field only. Lists keep their rows raw and read them one by one (readRows).
 */
import { z } from 'zod';
import { count, flag, id, object, rowList, text, texts } from '../shape';

/** api-docs/huawei-dns-list-batch-operation-tasks.txt (ListBatchOperationTasksItem). */
export const dnsTaskSchema = z.looseObject({
  id,
  type: text,
  status: text,
  created_at: text,
  updated_at: text,
  success_count: count,
  error_count: count,
  total_count: count,
});
export type DnsTask = z.infer<typeof dnsTaskSchema>;

export const dnsErrorItemSchema = z.looseObject({
  item: lenientItem(),
  error_code: text,
  error_message: text,
});

/** A failed item is documented loosely: a string, or an object describing the record set. */
function lenientItem() {
  return z.union([z.string(), z.record(z.string(), z.unknown())]).optional().catch(undefined);
}

const metadata = object({ total_count: count });

export const listDnsTasksSchema = z.looseObject({ tasks: rowList, metadata });

/** The single-task answer: the task's fields and its failed items (the SDK model has no metadata). */
export const showDnsTaskSchema = dnsTaskSchema.extend({
  error_items: rowList,
  metadata,
});

/** api-docs/huawei-dns-show-batch-create-recordsets-task.txt */
export const zoneCreateErrorItemSchema = z.looseObject({
  name: text,
  type: text,
  line: text,
  ttl: count,
  weight: count,
  records: texts,
  description: text,
  status: text,
  error_code: text,
  error_message: text,
});

export const zoneCreateTaskSchema = z.looseObject({
  task_id: id,
  status: text,
  created_at: text,
  updated_at: text,
  total_count: count,
  success_count: count,
  error_count: count,
  error_items: rowList,
});

/**
 * api-docs/huawei-dcs-list-task-center-tasks.txt, Table 5 (DetailsBody). The table types
 * old_capacity as String; the page's own example sends 0.125: numbers and strings are one.
 */
export const dcsTaskDetailsSchema = z.looseObject({
  old_capacity: text, new_capacity: text, enable_public_ip: flag, public_ip_id: text,
  public_ip_address: text, enable_ssl: flag, old_cache_mode: text, new_cache_mode: text,
  old_resource_spec_code: text, new_resource_spec_code: text, old_replica_num: count,
  new_replica_num: count, old_cache_type: text, new_cache_type: text, replica_ip: text,
  replica_az: text, group_name: text, old_port: count, new_port: count,
  is_only_adjust_charging: flag, account_name: text, source_ip: text, target_ip: text,
  node_name: text, rename_commands: texts, updated_config_length: count,
});

/** Table 4 (ListCenterTasksResp). */
export const dcsTaskSchema = z.looseObject({
  id,
  name: text,
  details: object(dcsTaskDetailsSchema.shape),
  user_name: text,
  user_id: text,
  params: text,
  status: text,
  created_at: text,
  updated_at: text,
  error_code: text,
  enable_show: flag,
  job_id: id,
});
export type DcsTask = z.infer<typeof dcsTaskSchema>;

/** Table 3: task_count is typed String; the example sends the number 2. */
export const listDcsTasksSchema = z.looseObject({ task_count: count, tasks: rowList });

export const projectsSchema = z.looseObject({ projects: rowList });
export const projectSchema = z.looseObject({ id, name: text });

export const gatewayErrorSchema = z.looseObject({
  error_code: text,
  error_msg: text,
  error_ext_msg: text,
  request_id: text,
  code: text,
  message: text,
});
